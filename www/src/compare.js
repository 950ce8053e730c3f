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
 * run. Each result is `{ tier, timesUs, medianUs, outcome }`, a time being parse +
 * compile + run as the VM measured it (JIT compilation happens during the run, so it
 * is included).
 */
export async function compareTiers(runner, source, tiers, options, { timeoutMs, onProgress }) {
  const results = [];
  let totalUs = 0;
  for (let round = 0; round < MAX_ROUNDS && (round === 0 || totalUs < ENOUGH_US); round++) {
    for (const tier of tiers) {
      let result = results.find((r) => r.tier === tier);
      if (!result) results.push((result = { tier, timesUs: [], medianUs: null, outcome: null }));
      if (result.outcome?.error) continue;
      const { outcome } = await runner.run(source, { ...options, tier }, { timeoutMs });
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

/** Renders the bar chart of `results` (so far) into `el`; `pending` are tiers still to run. */
export function renderComparison(el, results, pending = []) {
  const baseline = results.find((r) => r.tier === 'interp');
  const signature = (o) => `${o.stdout}\u0000${o.result}\u0000${o.error}`;
  const slowest = Math.max(...results.map((r) => r.medianUs ?? 0), 1);
  const runs = Math.max(1, ...results.map((r) => r.timesUs.length));

  const caption = document.createElement('p');
  caption.className = 'chart-caption';
  caption.textContent =
    `Parse + compile + run, median of ${runs} run${runs === 1 ? '' : 's'} per tier, JIT compilation ` +
    'included (short programs favour the interpreter). Shorter is faster.';

  const list = document.createElement('ol');
  list.className = 'chart';
  for (const r of results) {
    const item = document.createElement('li');
    const label = span('chart-label', r.tier);
    const track = span('chart-track', '');
    const value = span('chart-value', '');
    const ratio = span('chart-ratio', '');
    if (r.outcome === null) {
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
    item.append(span('chart-label', tier), span('chart-track', ''), span('chart-value', '…'), span('chart-ratio', 'waiting'));
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
