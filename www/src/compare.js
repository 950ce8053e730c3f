// Compare tiers: the program under every tier of tiers(), a few times each, and a bar
// chart of the median times with the ratio to the interpreter.

import { formatUs } from './format.js';

/** Rounds at most, and the time after which no further round starts. */
const MAX_ROUNDS = 3;
const ENOUGH_US = 3e6;

/**
 * Runs `source` under each of `tiers` (through `runner`, so Stop works) with `options`
 * and no dumps, in rounds (every tier once, then again), so that no tier profits more
 * than another from what V8 has already compiled. Calls `onProgress(results)` after each
 * run, and before each run of a tier that has none yet. Each result is `{ tier, timesUs,
 * medianUs, outcome }`, a time being parse + compile + run as the VM measured it (JIT
 * compilation happens during the run, so it is included).
 *
 * A run that throws (Stop, the timeout) ends the comparison: its tier's result gets
 * `interrupted` ('stopped', 'timed out' or 'failed') and `run` (which of its runs), and
 * the error, rethrown, carries the results so far as `results`.
 */
export async function compareTiers(runner, source, tiers, options, { timeoutMs, onProgress }) {
  const results = [];
  let totalUs = 0;
  for (let round = 0; round < MAX_ROUNDS && (round === 0 || totalUs < ENOUGH_US); round++) {
    for (const tier of tiers) {
      let result = results.find((r) => r.tier === tier);
      if (!result) results.push((result = { tier, timesUs: [], medianUs: null, outcome: null }));
      if (result.outcome?.error) continue;
      if (result.outcome === null) onProgress(results);
      let outcome;
      try {
        ({ outcome } = await runner.run(source, { ...options, tier }, { timeoutMs }));
      } catch (err) {
        result.interrupted = { StoppedError: 'stopped', TimeoutError: 'timed out' }[err.name] ?? 'failed';
        result.run = result.timesUs.length + 1;
        err.results = results;
        throw err;
      }
      result.outcome = outcome;
      if (!outcome.error) {
        const { parseUs, compileUs, runUs } = outcome.stats;
        result.timesUs.push(parseUs + compileUs + runUs);
        result.medianUs = median(result.timesUs);
        totalUs += parseUs + compileUs + runUs;
      }
      onProgress(results);
    }
  }
  return results;
}

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Renders the bar chart of `results` (so far) into `el`; `pending` are tiers still to
 * run, or with `ended` (a comparison that was stopped) tiers that were not run.
 */
export function renderComparison(el, results, pending = [], { ended = false } = {}) {
  const baseline = results.find((r) => r.tier === 'interp');
  const signature = (o) => `${o.stdout}\u0000${o.result}\u0000${o.error}`;
  const slowest = Math.max(...results.map((r) => r.medianUs ?? 0), 1);
  const counts = results.filter((r) => r.medianUs !== null).map((r) => r.timesUs.length);
  const [fewest, most] = [Math.min(...counts), Math.max(...counts)];
  const runs = fewest === most ? `${most} run${most === 1 ? '' : 's'}` : `${fewest}–${most} runs`;

  const caption = document.createElement('p');
  caption.className = 'chart-caption';
  caption.textContent =
    `Parse + compile + run${counts.length ? `, median of ${runs} per tier` : ' of each tier'}, JIT compilation ` +
    'included (short programs favour the interpreter). Shorter is faster.';

  const list = document.createElement('ol');
  list.className = 'chart';
  for (const r of results) {
    const item = document.createElement('li');
    const label = span('chart-label', r.tier);
    const track = span('chart-track', '');
    const value = span('chart-value', '');
    const ratio = span('chart-ratio', '');
    if (r.interrupted && r.medianUs === null) {
      item.classList.add('failed');
      value.textContent = r.interrupted;
      ratio.textContent = `${r.interrupted} during its first run`;
    } else if (r.outcome === null) {
      item.classList.add('pending');
      value.textContent = '…';
      ratio.textContent = 'running';
    } else if (r.medianUs === null) {
      item.classList.add('failed');
      value.textContent = 'error';
      ratio.textContent = r.outcome.error.split('\n')[0];
    } else {
      const bar = span('chart-bar', '');
      bar.style.width = `${Math.max(0.5, (100 * r.medianUs) / slowest)}%`;
      track.append(bar);
      value.textContent = formatUs(r.medianUs);
      ratio.textContent = ratioText(r, baseline);
      if (r.interrupted) ratio.textContent += `${ratio.textContent ? ' · ' : ''}run ${r.run} ${r.interrupted}`;
    }
    if (baseline?.outcome && r.outcome && r !== baseline && signature(r.outcome) !== signature(baseline.outcome)) {
      item.classList.add('mismatch');
      ratio.textContent += ' · output differs from interp!';
    }
    item.setAttribute('aria-label', `${r.tier}: ${value.textContent}, ${ratio.textContent}`);
    item.append(label, track, value, ratio);
    list.append(item);
  }
  for (const tier of pending) {
    const item = document.createElement('li');
    item.className = 'pending';
    item.append(span('chart-label', tier), span('chart-track', ''), span('chart-value', ended ? '–' : '…'), span('chart-ratio', ended ? 'not run' : 'waiting'));
    item.setAttribute('aria-label', `${tier}: ${ended ? 'not run' : 'waiting'}`);
    list.append(item);
  }
  el.replaceChildren(caption, list);
}

function ratioText(r, baseline) {
  if (!baseline || baseline.medianUs === null) return '';
  if (r === baseline) return 'baseline';
  // A time under the clock's resolution reads 0 µs: no ratio means anything then.
  if (!(baseline.medianUs > 0 && r.medianUs > 0)) return 'too fast to compare with interp';
  const ratio = baseline.medianUs / r.medianUs;
  return ratio >= 1 ? `${ratio.toFixed(2)}× faster than interp` : `${(1 / ratio).toFixed(2)}× slower than interp`;
}

function span(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}
