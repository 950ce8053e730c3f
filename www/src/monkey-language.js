// Monkey for CodeMirror 6: a stream tokenizer (the dialect of docs/language.md is small
// enough not to need a Lezer grammar), brace-depth indentation, and a highlight style
// whose colours are CSS variables, so that style.css switches them for dark mode.

import { HighlightStyle, LanguageSupport, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const KEYWORDS = new Set(['let', 'fn', 'if', 'else', 'return', 'while', 'for', 'in', 'break', 'continue']);
const ATOMS = new Set(['true', 'false', 'null']);
const BUILTINS = new Set(['len', 'first', 'last', 'rest', 'push', 'array', 'puts', 'str', 'type']);
const OPERATOR = /^(?:\.\.|==|!=|<=|>=|&&|\|\||[-+*/%]=|[-+*/%<>=!])/;

/**
 * The tokenizer. Its state: the bracket depth (for indentation) and whether the last
 * token was `let`, so that the name being bound is styled as a definition.
 */
const monkeyParser = {
  name: 'monkey',
  startState: () => ({ depth: 0, afterLet: false }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    const afterLet = state.afterLet;
    state.afterLet = false;
    if (stream.eat('"')) {
      let escaped = false;
      while (!stream.eol()) {
        const ch = stream.next();
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') break;
      }
      return 'string';
    }
    if (stream.match(/^\d+/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (KEYWORDS.has(word)) {
        state.afterLet = word === 'let';
        return 'keyword';
      }
      if (ATOMS.has(word)) return 'atom';
      if (afterLet) return 'def';
      return BUILTINS.has(word) ? 'builtin' : 'variable';
    }
    if (stream.match(OPERATOR)) return 'operator';
    const ch = stream.next();
    if ('([{'.includes(ch)) {
      state.depth++;
      return 'bracket';
    }
    if (')]}'.includes(ch)) {
      state.depth = Math.max(0, state.depth - 1);
      return 'bracket';
    }
    return 'punctuation';
  },
  indent(state, textAfter, context) {
    const closing = /^\s*[)\]}]/.test(textAfter) ? 1 : 0;
    return Math.max(0, state.depth - closing) * context.unit;
  },
  languageData: {
    commentTokens: { line: '//' },
    closeBrackets: { brackets: ['(', '[', '{', '"'] },
    indentOnInput: /^\s*[)\]}]$/,
  },
};

export const monkeyLanguage = StreamLanguage.define(monkeyParser);

/** Token colours; the variables are defined in style.css for light and dark. */
export const monkeyHighlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--syntax-keyword)' },
  { tag: tags.atom, color: 'var(--syntax-atom)' },
  { tag: tags.number, color: 'var(--syntax-number)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: tags.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: tags.definition(tags.variableName), color: 'var(--syntax-definition)' },
  { tag: tags.standard(tags.variableName), color: 'var(--syntax-builtin)' },
  { tag: tags.operator, color: 'var(--syntax-operator)' },
]);

/** The Monkey language with its highlighting, as one editor extension. */
export function monkey() {
  return new LanguageSupport(monkeyLanguage, [syntaxHighlighting(monkeyHighlightStyle)]);
}
