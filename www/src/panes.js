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

/**
 * The rows of a pane that came from the linked source line, in order, one of them
 * current (marked when there are several): the link bar's ◀ n of m ▶ steps through
 * them. Revealing scrolls the pane (only the pane, never the page) so that the current
 * row and as many of the rows after it as fit are in view.
 */
export class LinkedRows {
  #scroller;
  #rows = [];
  #index = 0;

  /** `scroller` is the element that scrolls the rows. */
  constructor(scroller) {
    this.#scroller = scroller;
  }

  /** Takes the rows now highlighted; the first is current unless they are the ones before. */
  set(rows) {
    if (rows.length === this.#rows.length && rows.every((row, i) => row === this.#rows[i])) return;
    this.#mark(false);
    this.#rows = rows;
    this.#index = 0;
    this.#mark(true);
  }

  get total() {
    return this.#rows.length;
  }

  /** The current row's index. */
  get index() {
    return this.#index;
  }

  /** Makes the row `delta` after the current one current (round the ends) and reveals it. */
  step(delta) {
    const n = this.#rows.length;
    if (n === 0) return;
    this.#mark(false);
    this.#index = (((this.#index + delta) % n) + n) % n;
    this.#mark(true);
    this.reveal();
  }

  /**
   * Scrolls the current row and the rows after it that fit with it into view, unless
   * they are in view: centred, with rows of context around them.
   */
  reveal() {
    const current = this.#rows[this.#index];
    if (!current) return;
    const el = this.#scroller;
    const header = el.querySelector('thead')?.offsetHeight ?? 0; // a sticky table header
    const frame = el.getBoundingClientRect();
    const at = (row) => {
      const r = row.getBoundingClientRect();
      return { top: r.top - frame.top - el.clientTop + el.scrollTop, bottom: r.bottom - frame.top - el.clientTop + el.scrollTop };
    };
    const height = el.clientHeight - header;
    const first = at(current);
    const margin = Math.min(2 * (first.bottom - first.top), height / 4);
    let end = first.bottom;
    for (const row of this.#rows.slice(this.#index + 1)) {
      const { bottom } = at(row);
      if (bottom - first.top > height - 2 * margin) break;
      end = bottom;
    }
    if (first.top >= el.scrollTop + header && end <= el.scrollTop + el.clientHeight) return;
    el.scrollTop = (first.top + end) / 2 - header - height / 2;
  }

  #mark(on) {
    this.#rows[this.#index]?.classList.toggle('current', on && this.#rows.length > 1);
  }
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
  #linked;

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
    this.#linked = new LinkedRows(el);
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
      this.#linked.set([]);
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

  /**
   * Marks the rows of source `lines`; with `reveal`, scrolls the current one (the first,
   * unless stepped to another) and those after it that fit into view.
   */
  highlight(lines, { reveal = false } = {}) {
    this.#lines = lines;
    if (!this.#rendered) return;
    for (const div of this.#highlighted) div.classList.remove('hl');
    this.#highlighted = lines.flatMap((line) => this.#byLine.get(line) ?? []);
    for (const div of this.#highlighted) div.classList.add('hl');
    this.#linked.set(this.#highlighted);
    if (reveal) this.#linked.reveal();
  }

  /** The highlighted rows, to step through (see {@link LinkedRows}); none until rendered. */
  get linked() {
    return this.#linked;
  }

  /** How many rows of source `line` the pane has. */
  count(line) {
    if (!this.#rendered) return this.#rows.filter((r) => r.line === line).length;
    return this.#byLine.get(line)?.length ?? 0;
  }
}
