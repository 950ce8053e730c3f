// The Template JS tab: the functions the template tier compiled (name, line, bytecode
// instructions, bytes of JavaScript, compile time from their `template-compile` events)
// and the selected one's JavaScript, one bytecode instruction a line after its
// `/* pc op (variant) line:col */` comment. Keyboard: the function buttons are one tab stop;
// ↑/↓ select the one before or after, Home/End the first or last.

import { formatCount, formatUs } from './format.js';

export class TemplateView {
  #els;
  #pane;
  #onChange;
  #functions = [];
  #selected = 0;
  #empty = '';
  #line = null;

  /**
   * `els`: `{ tools, summary, list }` of the tab (`list` the table's body); `pane` the
   * CodePane the selected function's code goes into; `onChange()` is called when it
   * shows another function; `onHoverLine(line | null)` as the pointer moves over the
   * list (a function's line is where it is defined).
   */
  constructor(els, pane, { onChange = () => {}, onHoverLine = () => {} } = {}) {
    this.#els = els;
    this.#pane = pane;
    this.#onChange = onChange;
    els.list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-index]');
      if (button) this.#show(Number(button.dataset.index));
    });
    els.list.addEventListener('keydown', (event) => {
      if (!event.target.matches('button[data-index]')) return;
      const last = this.#functions.length - 1;
      const moves = { ArrowUp: this.#selected - 1, ArrowDown: this.#selected + 1, Home: 0, End: last };
      if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      this.#show(Math.max(0, Math.min(moves[event.key], last)));
      this.#currentButton()?.focus();
    });
    els.list.addEventListener('mouseover', (event) => {
      const row = event.target.closest('tr[data-line]');
      onHoverLine(row ? Number(row.dataset.line) : null);
    });
    els.list.addEventListener('mouseleave', () => onHoverLine(null));
  }

  /**
   * Takes the template functions of a new dump (parseDump's `templates`), with the run's
   * `events` (their compile times, and failures) and `stats` (the totals); with none,
   * the pane shows `empty`. Keeps showing the same function when the new dump has it.
   */
  set(templates, { events = [], stats = null, empty }) {
    const before = this.#functions[this.#selected];
    const compiles = new Map();
    for (const e of events) if (e.kind === 'template-compile') compiles.set(e.proto, e);
    this.#functions = templates.map((t) => {
      const e = compiles.get(t.proto);
      const lines = new Map();
      for (const row of t.rows) if (row.comment) lines.set(row.line, (lines.get(row.line) ?? 0) + 1);
      // <main> (function 0) is defined on no line (its event says 1, often a comment):
      // its first line of code stands for it.
      const line = t.proto === 0 ? (lines.size ? Math.min(...lines.keys()) : null) : e?.line ?? null;
      return { ...t, line, codegenUs: e?.codegenUs ?? null, jsUs: e?.jsUs ?? null, lines };
    });
    this.#empty = empty;
    const failed = events.filter((e) => e.kind === 'template-fail');
    this.#els.tools.hidden = this.#functions.length === 0 && failed.length === 0;
    this.#els.summary.textContent = summarize(this.#functions, stats?.template, failed);
    this.#renderList();
    const same = before ? this.#functions.findIndex((f) => f.proto === before.proto && f.name === before.name) : -1;
    this.#show(Math.max(same, 0));
  }

  /** How many functions there are. */
  get size() {
    return this.#functions.length;
  }

  /** Marks the functions with code from source `line` (null: none) in the list. */
  highlight(line) {
    this.#line = line;
    for (const tr of this.#els.list.querySelectorAll('tr[data-index]')) {
      tr.classList.toggle('hl', this.#functions[Number(tr.dataset.index)].lines.has(line));
    }
  }

  /**
   * Shows the function with the most instructions from source `line`, unless the shown
   * one has as many: on `let f = fn(x) { ... };` that is f, whose body is there, rather
   * than the enclosing function, which only creates the closure.
   */
  follow(line) {
    const count = (i) => this.#functions[i]?.lines.get(line) ?? 0;
    let best = this.#selected;
    this.#functions.forEach((_, i) => {
      if (count(i) > count(best)) best = i;
    });
    if (best !== this.#selected) this.#show(best);
  }

  /** Scrolls the list (only the list) to the shown function, e.g. when its tab is shown. */
  reveal() {
    const tr = this.#currentButton()?.closest('tr');
    const box = tr?.closest('.template-list');
    if (!box) return;
    const top = tr.offsetTop - (box.querySelector('thead')?.offsetHeight ?? 0);
    if (top < box.scrollTop) box.scrollTop = top;
    else if (tr.offsetTop + tr.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = tr.offsetTop + tr.offsetHeight - box.clientHeight;
  }

  #currentButton() {
    return this.#els.list.querySelector('button[aria-current="true"]');
  }

  #renderList() {
    this.#els.list.replaceChildren(
      ...this.#functions.map((f, i) => {
        const tr = document.createElement('tr');
        tr.dataset.index = String(i);
        if (f.line) tr.dataset.line = String(f.line);
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.index = String(i);
        button.textContent = f.name;
        button.title = `function ${f.proto}: show its JavaScript`;
        const compileUs = f.codegenUs === null ? null : f.codegenUs + f.jsUs;
        const cells = [button, String(f.line ?? ''), formatCount(f.instructions), formatCount(f.bytes), compileUs === null ? '' : formatUs(compileUs)];
        for (const content of cells) {
          const td = document.createElement('td');
          td.append(content);
          tr.append(td);
        }
        if (compileUs !== null) tr.lastChild.title = `stencils ${formatUs(f.codegenUs)} + new Function ${formatUs(f.jsUs)}`;
        return tr;
      }),
    );
  }

  #show(index) {
    if (!this.#functions.length) {
      this.#pane.set([], this.#empty);
      this.#onChange();
      return;
    }
    this.#selected = Math.max(0, Math.min(index, this.#functions.length - 1));
    for (const button of this.#els.list.querySelectorAll('button[data-index]')) {
      const current = Number(button.dataset.index) === this.#selected;
      button.setAttribute('aria-current', String(current));
      button.tabIndex = current ? 0 : -1;
      button.closest('tr').classList.toggle('selected', current);
    }
    const f = this.#functions[this.#selected];
    this.#pane.set([
      { text: `---- ${f.title}`, line: null, kind: 'head' },
      ...f.rows.map((r) => ({ text: r.text, line: r.line, kind: r.comment ? 'comment' : '' })),
    ]);
    this.highlight(this.#line);
    this.reveal();
    this.#onChange();
  }
}

/** The line above the list: what was compiled, and what it cost. */
function summarize(functions, totals, failed) {
  const parts = [];
  if (functions.length) {
    const instructions = totals?.instructions ?? functions.reduce((n, f) => n + f.instructions, 0);
    const bytes = totals?.jsBytes ?? functions.reduce((n, f) => n + f.bytes, 0);
    let text = `${functions.length} function${functions.length === 1 ? '' : 's'} compiled: ${formatCount(instructions)} bytecode instructions → ${formatCount(bytes)} bytes of JavaScript`;
    if (totals) text += `; stencils ${formatUs(totals.codegenUs)}, new Function ${formatUs(totals.jsUs)}`;
    parts.push(`${text}.`);
  }
  if (failed.length) parts.push(`${failed.length} could not be compiled (${[...new Set(failed.map((e) => e.func))].join(', ')}; see Events).`);
  return parts.join(' ');
}
