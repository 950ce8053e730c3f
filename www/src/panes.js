// The JIT panel: accessible tabs, and the monospace panes (bytecode, IR, JS) whose rows
// know their source line, so that rows can be highlighted from the editor and the
// editor from rows.

/**
 * WAI-ARIA tabs over `tablist`: click or arrow keys switch; each tab's
 * `aria-controls` names its panel. Calls `onShow(name)` with the tab's `data-tab`.
 */
export function setupTabs(tablist, onShow) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const select = (tab, focus = false) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab.dataset.tab);
  };
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab);
  });
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
  });
  return {
    show: (name) => select(tabs.find((t) => t.dataset.tab === name)),
    current: () => tabs.find((t) => t.getAttribute('aria-selected') === 'true').dataset.tab,
    /** Shows a count next to a tab's label (hidden when null). */
    badge(name, count) {
      const badge = tabs.find((t) => t.dataset.tab === name).querySelector('.badge');
      badge.textContent = count ?? '';
      badge.hidden = count === null || count === undefined;
    },
  };
}

/** Rows per chunk of a pane. */
const CHUNK_ROWS = 200;

/**
 * A pane of text rows. `set(rows)` takes `{ text, line, kind }` (kind `head` for section
 * and function headers, `comment` for the comments of template code), and optionally `old` (a replaced version, dimmed), `diff` with
 * its gutter `mark` (`added`, `changed`, ... in the Passes tab) and a `title`; rows
 * with a `line` highlight with it. Rendering waits until the pane's tab is shown, since
 * a listing can have tens of thousands of rows.
 */
export class CodePane {
  #el;
  #panel;
  #diff;
  #rows = [];
  #empty;
  #rendered = true;
  #byLine = new Map();
  #highlighted = [];
  #lines = [];

  /**
   * `el` is the scrolling element the rows go in (inside its tab panel);
   * `onHoverLine(line | null)` is called as the pointer moves over rows with a line;
   * with `diff`, rows have a gutter for their diff mark.
   */
  constructor(el, { empty, onHoverLine, diff = false }) {
    this.#el = el;
    this.#panel = el.closest('[role="tabpanel"]') ?? el;
    this.#diff = diff;
    this.#empty = empty;
    let hovered = null;
    const hover = (line) => {
      if (line !== hovered) onHoverLine((hovered = line));
    };
    el.addEventListener('mousemove', (event) => {
      const row = event.target.closest?.('.row');
      hover(row?.dataset.line ? Number(row.dataset.line) : null);
    });
    el.addEventListener('mouseleave', () => hover(null));
    this.set([]);
  }

  /** Replaces the rows; `empty` is the message shown when there are none. */
  set(rows, empty = this.#empty) {
    this.#rows = rows;
    this.#empty = empty;
    this.#rendered = false;
    if (!this.#panel.hidden) this.render();
  }

  /** Builds the DOM rows if `set` changed them since the last render. */
  render() {
    if (this.#rendered) return;
    this.#rendered = true;
    this.#byLine = new Map();
    this.#highlighted = [];
    const code = document.createElement('div');
    code.className = this.#diff ? 'code diff' : 'code';
    if (this.#rows.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = this.#empty;
      this.#el.replaceChildren(p);
      return;
    }
    // Rows go in chunks that the browser may skip laying out while off screen
    // (content-visibility in style.css): a listing can have tens of thousands.
    let chunk = null;
    for (const [index, row] of this.#rows.entries()) {
      if (index % CHUNK_ROWS === 0) {
        chunk = document.createElement('div');
        chunk.className = 'chunk';
        code.append(chunk);
      }
      const div = document.createElement('div');
      div.className = ['row', row.kind === 'head' && 'head', row.kind === 'comment' && 'comment', row.old && 'old', row.diff && `diff-${row.diff}`].filter(Boolean).join(' ');
      div.textContent = row.text || ' ';
      if (row.mark !== undefined) div.dataset.mark = row.mark;
      if (row.title) div.title = row.title;
      if (row.line) {
        div.dataset.line = row.line;
        if (!this.#byLine.has(row.line)) this.#byLine.set(row.line, []);
        this.#byLine.get(row.line).push(div);
      }
      chunk.append(div);
    }
    this.#el.replaceChildren(code);
    this.highlight(this.#lines);
  }

  /** Marks the rows of source `lines`; with `reveal`, scrolls the first into view. */
  highlight(lines, { reveal = false } = {}) {
    this.#lines = lines;
    if (!this.#rendered) return;
    for (const div of this.#highlighted) div.classList.remove('hl');
    this.#highlighted = lines.flatMap((line) => this.#byLine.get(line) ?? []);
    for (const div of this.#highlighted) div.classList.add('hl');
    if (reveal && this.#highlighted.length) this.#highlighted[0].scrollIntoView({ block: 'nearest' });
  }

  /** How many rows of source `line` the pane has. */
  count(line) {
    if (!this.#rendered) return this.#rows.filter((r) => r.line === line).length;
    return this.#byLine.get(line)?.length ?? 0;
  }
}
