// The Passes tab: pick an optimizer run (a trace, a side trace, a re-optimized parent)
// and step through it, recorded → after each pass → optimized, with the rows that
// changed from the previous step marked. Keyboard: the step buttons are one tab stop;
// ←/→ (or ↑/↓) step back and forth, Home/End go to the ends, from any of the step
// controls.

import { diffIr, PASS_HELP } from './passes.js';

export class PassView {
  #els;
  #pane;
  #onChange;
  #runs = [];
  #run = 0;
  #step = 0;
  #diffs = new Map();
  #empty = '';

  /**
   * `els`: `{ tools, select, steps, prev, next, summary }` of the tab; `pane` the
   * CodePane the step's IR goes into; `onChange()` is called when it shows another step.
   */
  constructor(els, pane, onChange = () => {}) {
    this.#els = els;
    this.#pane = pane;
    this.#onChange = onChange;
    els.select.addEventListener('change', () => this.#show(Number(els.select.value), 0));
    els.prev.addEventListener('click', () => this.#show(this.#run, this.#step - 1));
    els.next.addEventListener('click', () => this.#show(this.#run, this.#step + 1));
    els.steps.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-step]');
      if (button) this.#show(this.#run, Number(button.dataset.step));
    });
    els.tools.addEventListener('keydown', (event) => {
      if (!event.target.closest('.stepper')) return;
      const last = this.#steps().length - 1;
      const moves = { ArrowLeft: this.#step - 1, ArrowUp: this.#step - 1, ArrowRight: this.#step + 1, ArrowDown: this.#step + 1, Home: 0, End: last };
      if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const onStep = event.target.matches('button[data-step]');
      this.#show(this.#run, moves[event.key]);
      if (onStep) this.#currentButton()?.focus();
    });
  }

  /**
   * Takes the runs of a new dump (optimizerRuns), or none with the message `empty`;
   * keeps showing the same run and step when the new dump has them.
   */
  set(runs, empty) {
    const before = this.#runs[this.#run];
    const same = before ? runs.findIndex((r) => r.title === before.title && r.replaced === before.replaced) : -1;
    this.#runs = runs;
    this.#diffs = new Map();
    this.#empty = empty;
    const { select, steps } = this.#els;
    select.replaceChildren(...runs.map((r, i) => new Option(`${r.title}${r.replaced ? ' (replaced)' : ''}`, String(i))));
    this.#els.tools.hidden = runs.length === 0;
    delete steps.dataset.run; // rebuild the step buttons
    if (same >= 0) this.#show(same, this.#step);
    else this.#show(0, 0);
  }

  #steps() {
    return this.#runs[this.#run]?.steps ?? [];
  }

  #currentButton() {
    return this.#els.steps.querySelector('[aria-current="step"]');
  }

  /** The diff of step `i` of the current run against the step before it. */
  #diff(i) {
    const key = `${this.#run}/${i}`;
    if (!this.#diffs.has(key)) {
      const steps = this.#steps();
      this.#diffs.set(key, diffIr(steps[i - 1]?.section.rows, steps[i].section.rows));
    }
    return this.#diffs.get(key);
  }

  #show(run, step) {
    const { select, steps: list, prev, next, summary } = this.#els;
    if (!this.#runs.length) {
      this.#pane.set([], this.#empty);
      summary.textContent = '';
      list.replaceChildren();
      this.#onChange();
      return;
    }
    this.#run = Math.max(0, Math.min(run, this.#runs.length - 1));
    const steps = this.#steps();
    this.#step = Math.max(0, Math.min(step, steps.length - 1));
    select.value = String(this.#run);
    if (list.dataset.run !== String(this.#run)) {
      list.dataset.run = String(this.#run);
      list.replaceChildren(
        ...steps.map((s, i) => {
          const li = document.createElement('li');
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.step = String(i);
          button.textContent = s.name;
          button.title = `Step ${i + 1}: ${s.label}${s.pass ? ` (${PASS_HELP[s.pass] ?? 'a pass'})` : ''}`;
          li.append(button);
          return li;
        }),
      );
    }
    for (const button of list.querySelectorAll('button[data-step]')) {
      const current = Number(button.dataset.step) === this.#step;
      if (current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
      button.tabIndex = current ? 0 : -1;
    }
    prev.disabled = this.#step === 0;
    next.disabled = this.#step === steps.length - 1;

    const current = steps[this.#step];
    const { rows, counts } = this.#diff(this.#step);
    this.#pane.set(
      rows.map((r) => ({
        text: r.text,
        line: r.line,
        diff: r.diff,
        mark: r.mark,
        title: r.diff === 'changed' ? `changed; was: ${r.was}` : r.diff === 'moved' ? `moved ${r.into ? 'into' : 'out of'} the loop` : r.diff === 'added' ? 'added' : r.diff === 'removed' ? 'removed' : undefined,
      })),
    );
    const what = current.pass ? ` (${PASS_HELP[current.pass] ?? 'a pass'})` : '';
    let changes;
    if (this.#step === 0) {
      const section = current.section;
      const first = current.name === 'recorded' ? '' : ' (the side trace as recorded is not in the dump)';
      changes = `${section.ins.size} instructions, ${section.snaps.size} snapshots${first}.`;
    } else {
      const parts = Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${n} ${kind}`);
      changes = `${parts.length ? parts.join(', ') : 'no change'} since ${steps[this.#step - 1].name}.`;
    }
    summary.textContent = `Step ${this.#step + 1} of ${steps.length}: ${current.label}${what}. ${changes}`;
    this.#onChange();
  }
}
