// The source editor: CodeMirror 6 with Monkey highlighting, line numbers and bracket
// matching (basicSetup), Mod-Enter to run, error markers, and the "linked lines"
// highlight that shows which source line a row of a JIT pane came from.

import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, keymap } from '@codemirror/view';
import { columnRange } from './diagnostics.js';
import { monkey } from './monkey-language.js';

/** Replaces the set of linked source lines (1-based numbers). */
const setLinkedLines = StateEffect.define();

const linkedLines = StateField.define({
  create: () => Decoration.none,
  update(decorations, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setLinkedLines)) continue;
      const marks = effect.value
        .filter((n) => n >= 1 && n <= tr.state.doc.lines)
        .sort((a, b) => a - b)
        .map((n) => Decoration.line({ class: 'cm-linked-line' }).range(tr.state.doc.line(n).from));
      return Decoration.set(marks);
    }
    return tr.docChanged ? decorations.map(tr.changes) : decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Colours come from CSS variables (style.css), so one theme serves light and dark. */
const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--editor-bg)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', fontSize: 'var(--code-size)', lineHeight: '1.55' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--selection) !important',
  },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bracket-match)', outline: 'none' },
  '.cm-linked-line': { backgroundColor: 'var(--linked)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  // The search panel (Ctrl/⌘+F). CodeMirror styles its panels, fields and buttons for a
  // light or a dark editor theme, and this one is neither: its light defaults (white
  // fields, light gradient buttons) would hold the dark page's light text. `&.cm-editor
  // .cm-panels` outweighs the base theme's `&light` selectors.
  '&.cm-editor .cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '&.cm-editor .cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '&.cm-editor .cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '&.cm-editor .cm-panels .cm-textfield': {
    backgroundColor: 'var(--editor-bg)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
    minHeight: '0',
    fontSize: '80%',
  },
  '&.cm-editor .cm-panels .cm-textfield::placeholder': { color: 'var(--muted)', opacity: '1' },
  '&.cm-editor .cm-panels .cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
    minHeight: '0',
    fontSize: '80%',
  },
  '&.cm-editor .cm-panels .cm-button:hover': { borderColor: 'var(--accent)' },
  '&.cm-editor .cm-panels .cm-button:active': { backgroundImage: 'none', backgroundColor: 'var(--active-line)' },
  '&.cm-editor .cm-search label': { color: 'var(--text)' },
  '&.cm-editor .cm-search input[type=checkbox]': { minHeight: '0', accentColor: 'var(--accent)' },
  '&.cm-editor .cm-search [name=close]': { minHeight: '0', color: 'var(--muted)', backgroundColor: 'transparent', fontSize: '18px', lineHeight: '1' },
  '&.cm-editor .cm-searchMatch': { backgroundColor: 'var(--search-match)' },
  '&.cm-editor .cm-searchMatch-selected': { backgroundColor: 'var(--search-match-selected)' },
});

/**
 * Creates the editor in `parent`. Callbacks: `onRun()` for Mod-Enter, `onHoverLine(n |
 * null)` as the pointer moves over source lines, `onCursorLine(n)` when the cursor moves
 * to another line, `onChange()` after each edit.
 */
export function createEditor({ parent, doc, onRun, onHoverLine, onCursorLine, onChange }) {
  let hovered = null;
  let cursorLine = 1;
  const hover = (line) => {
    if (line === hovered) return;
    hovered = line;
    onHoverLine(line);
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }])),
        basicSetup,
        keymap.of([indentWithTab]),
        indentUnit.of('  '),
        EditorView.lineWrapping,
        monkey(),
        lintGutter(),
        linkedLines,
        theme,
        EditorView.contentAttributes.of({ 'aria-label': 'Monkey source code' }),
        EditorView.domEventHandlers({
          mousemove(event, view) {
            const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
            hover(pos === null ? null : view.state.doc.lineAt(pos).number);
          },
          mouseleave() {
            hover(null);
          },
        }),
        EditorView.updateListener.of((update) => {
          const line = update.state.doc.lineAt(update.state.selection.main.head).number;
          if (line !== cursorLine || update.docChanged) {
            cursorLine = line;
            onCursorLine(line);
          }
          if (update.docChanged) onChange();
        }),
      ],
    }),
  });

  /** The document position of `line`:`col`, or null past the end of the document. */
  const position = (line, col = 1) => {
    if (!(line >= 1 && line <= view.state.doc.lines)) return null;
    const { from, text } = view.state.doc.line(line);
    return from + columnRange(text, col).from;
  };

  return {
    view,
    getCode: () => view.state.doc.toString(),
    /** Replaces the whole text (undoable), with the cursor at the start. */
    setCode(code) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: code },
        selection: { anchor: 0 },
        scrollIntoView: true,
      });
    },
    /** Shows `errors` (from parseErrors) as lint markers; errors without a position are skipped. */
    showErrors(errors) {
      const doc = view.state.doc;
      const diagnostics = errors
        .filter((e) => e.line !== null && e.line <= doc.lines)
        .map((e) => {
          const line = doc.line(e.line);
          const range = columnRange(line.text, e.col);
          let [from, to] = [line.from + range.from, line.from + range.to];
          // Past the end of a line (an error at the end of the input, `EOF`): nothing to
          // underline there, so underline the last character before it.
          if (from === to) {
            const text = doc.sliceString(0, from).trimEnd();
            if (text.length > 0) {
              to = text.length;
              from = to - (text.codePointAt(to - 2) > 0xffff ? 2 : 1);
            }
          }
          const source = e.kind === 'runtime' ? 'runtime error' : 'syntax error';
          return { from, to, severity: 'error', message: e.message, source };
        });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    clearErrors() {
      view.dispatch(setDiagnostics(view.state, []));
    },
    /** Highlights source lines that a hovered JIT row came from. */
    linkLines(lines) {
      view.dispatch({ effects: setLinkedLines.of(lines) });
    },
    /** Moves the cursor to the start of `line` and scrolls it into view. */
    goToLine(line) {
      this.goTo(line, 1);
    },
    /** Moves the cursor to `line`:`col` (col in characters, as errors give it), scrolled into view. */
    goTo(line, col) {
      const pos = position(line, col);
      if (pos === null) return;
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
    /** Scrolls `line`:`col` into view if it is not, leaving the cursor and the focus alone. */
    reveal(line, col) {
      const pos = position(line, col);
      if (pos !== null) view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'nearest', yMargin: 40 }) });
    },
    cursorLine: () => cursorLine,
  };
}
