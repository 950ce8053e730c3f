// The playground page: wires the editor, the worker, the output and JIT panes, the tier
// comparison and shared links together. Each of those lives in its own module; this
// one holds the page's state and its event handlers.

import { compareTiers, renderComparison } from './compare.js';
import { parseErrors } from './diagnostics.js';
import { createEditor } from './editor.js';
import { renderEvents } from './event-log.js';
import { DEFAULT_EXAMPLE, EXAMPLES } from './examples.js';
import { formatCount, formatUs } from './format.js';
import { mapLines, parseDump } from './mapping.js';
import { CodePane, LinkedRows, setupTabs } from './panes.js';
import { PassView } from './pass-view.js';
import { optimizerRuns } from './passes.js';
import { Runner, StoppedError, TimeoutError } from './runner.js';
import { copyText, decodeHash, encodeHash } from './share.js';
import { TemplateView } from './template-view.js';
import './style.css';

const $ = (id) => document.getElementById(id);

const TIER_LABELS = {
  interp: 'interp: interpreter only',
  template: 'template: baseline JIT',
  trace: 'trace: tracing JIT',
  auto: 'auto: interpreter, JIT when hot',
};
// The listing comes from the same run (it is printed before the program runs).
const DUMP = ['bytecode', 'ir', 'passes', 'ir-opt', 'js', 'template'];
const PANE_NAMES = { bytecode: 'bytecode', ir: 'IR', passes: 'at this pass step', 'ir-opt': 'optimized IR', js: 'trace JS', template: 'template JS' };

// ---------------------------------------------------------------------------- state

/** The number fields and the keys of links (share.js) and run options they go with. */
const NUMBER_FIELDS = { hotLoop: 'hot-loop', hotFunc: 'hot-func', maxSteps: 'max-steps', timeout: 'timeout' };

let runner = null;
let info = null; // { tiers, passes, version } once the worker is ready
let wantedTier = 'auto'; // from a shared link, applied once tiers() is known
let hoverLine = null; // source line under the pointer, in the editor
let cursorLine = 1; // source line of the editor's cursor
let shown = false; // whether the panes show a run yet
let panesFrom = null; // { code, options, failed } of the run the panes show
let chartFrom = null; // { code, options } of the comparison the Compare pane shows
let finished = 0; // runs and comparisons finished, as body[data-finished] (for tests)
let loadingExample = false; // the editor's text is being replaced by an example
let jit = { sections: [], empty: '' }; // the last run's dump sections, for the versions toggle
let showReplaced = false; // whether Optimized IR and JS show the versions later ones replaced

// ---------------------------------------------------------------------------- editor

const initial = decodeHash(location.hash);
const editor = createEditor({
  parent: $('editor'),
  doc: initial?.code ?? EXAMPLES.find((e) => e.id === DEFAULT_EXAMPLE).code, // (null: a broken link)
  onRun: () => runProgram(),
  onHoverLine(line) {
    hoverLine = line;
    highlightLinked({ reveal: false });
  },
  onCursorLine(line) {
    // The cursor moved (by keyboard too): its line wins over the pointer's until the
    // pointer moves to another line.
    cursorLine = line;
    hoverLine = null;
    highlightLinked({ reveal: true, follow: true });
  },
  onChange() {
    updateStale();
    if (!loadingExample) $('examples').value = ''; // edited: no longer the example
  },
});
if (initial) applyOptions(initial);

// ---------------------------------------------------------------------------- panes

const tabs = setupTabs($('tabs'), (name) => {
  panes[name]?.render();
  updateStale();
  if (name === 'template') templateView.reveal();
  highlightLinked({ reveal: true });
});
const linkFromPane = (line) => editor.linkLines(line ? [line] : []);
const panes = {
  bytecode: new CodePane($('pane-bytecode'), { empty: 'Run the program to see its bytecode.', onHoverLine: linkFromPane }),
  ir: new CodePane($('pane-ir'), { empty: 'Run under the trace or auto tier to see trace IR.', onHoverLine: linkFromPane }),
  passes: new CodePane($('code-passes'), { empty: 'Run under the trace or auto tier to step through the optimizer’s passes.', onHoverLine: linkFromPane, diff: true }),
  'ir-opt': new CodePane($('code-ir-opt'), { empty: 'Run under the trace or auto tier to see optimized IR.', onHoverLine: linkFromPane }),
  js: new CodePane($('code-js'), { empty: 'Run under the trace or auto tier to see the generated JavaScript.', onHoverLine: linkFromPane }),
  template: new CodePane($('code-template'), { empty: 'Run under the template or auto tier to see the JavaScript of compiled functions.', onHoverLine: linkFromPane }),
};
const passView = new PassView(
  { tools: $('pass-tools'), select: $('pass-run'), steps: $('pass-steps'), prev: $('pass-prev'), next: $('pass-next'), summary: $('pass-summary') },
  panes.passes,
  () => highlightLinked({ reveal: false }),
);
const templateView = new TemplateView({ tools: $('template-tools'), summary: $('template-summary'), list: $('template-list') }, panes.template, {
  onChange: () => highlightLinked({ reveal: false }),
  onHoverLine: linkFromPane,
});
for (const box of document.querySelectorAll('.show-replaced')) {
  box.addEventListener('change', () => {
    showReplaced = box.checked;
    showVersions();
    highlightLinked({ reveal: false });
  });
}
$('pane-events').addEventListener('mouseover', (event) => {
  const row = event.target.closest('tr[data-line]');
  linkFromPane(row ? Number(row.dataset.line) : null);
});
$('pane-events').addEventListener('mouseleave', () => linkFromPane(null));
const eventRows = new LinkedRows($('pane-events'));
/** The highlighted rows of tab `name` to step through, or null (Compare). */
const linkedRows = (name) => (name === 'events' ? eventRows : panes[name]?.linked ?? null);
for (const [id, delta] of [['link-prev', -1], ['link-next', 1]]) {
  $(id).addEventListener('click', () => {
    const linked = linkedRows(tabs.current());
    if (!linked?.total) return;
    linked.step(delta);
    updateStepper();
    $('link-announce').textContent = `Row ${linked.index + 1} of ${linked.total} from line ${hoverLine ?? cursorLine}.`;
  });
}

/**
 * Highlights, in every pane, the rows that came from the hovered or cursor line; with
 * `follow` (the cursor moved), Template JS shows a function with code from that line.
 */
function highlightLinked({ reveal, follow = false }) {
  const line = hoverLine ?? cursorLine;
  const current = tabs.current();
  if (follow) templateView.follow(line); // calls back here (without follow) when it switches
  templateView.highlight(line);
  for (const [name, pane] of Object.entries(panes)) pane.highlight([line], { reveal: reveal && name === current });
  const events = [...$('pane-events').querySelectorAll('tr[data-line]')].filter((tr) => tr.classList.toggle('hl', Number(tr.dataset.line) === line));
  eventRows.set(events);
  if (reveal && current === 'events') eventRows.reveal();
  updateStepper();
  const counts = Object.keys(PANE_NAMES).map((name) => [name, panes[name].count(line)]);
  const found = counts.filter(([, n]) => n > 0);
  $('link-info').textContent = !shown
    ? 'Hover over or click a source line to highlight what came from it.'
    : found.length === 0
      ? `Line ${line}: nothing in these views came from it.`
      : `Line ${line}: ` + found.map(([name, n]) => `${n} ${PANE_NAMES[name]}`).join(' · ');
}

/** Shows ◀ n of m ▶ in the link bar when the tab shown has several rows of the linked line. */
function updateStepper() {
  const linked = shown ? linkedRows(tabs.current()) : null;
  const total = linked?.total ?? 0;
  $('link-step').hidden = total < 2;
  if (total < 2) return;
  const line = hoverLine ?? cursorLine;
  $('link-pos').textContent = `${linked.index + 1} of ${total}`;
  $('link-prev').setAttribute('aria-label', `Previous row from line ${line} in this tab`);
  $('link-next').setAttribute('aria-label', `Next row from line ${line} in this tab`);
  $('link-prev').title = `Previous row from line ${line} (${total} in this tab)`;
  $('link-next').title = `Next row from line ${line} (${total} in this tab)`;
}

// ---------------------------------------------------------------------------- stale views

/** The form's options as a string to compare, the tier left out for Compare (it runs all). */
function formKey({ tier = true } = {}) {
  return [tier ? $('tier').value : '', $('hot-loop').value, $('hot-func').value, $('max-steps').value].join('|');
}

/**
 * Shows, above the panes, whether the tab shown is out of date: the code or the options
 * changed since the run (or, on Compare, the comparison) it shows, or the last run did
 * not finish and the panes still show the one before.
 */
function updateStale() {
  $('stale').hidden = true;
  if (!panesFrom && !chartFrom) return; // (also while the page starts: no tabs yet)
  const compare = tabs.current() === 'compare';
  const from = compare ? chartFrom : panesFrom;
  const what = compare ? 'comparison' : 'run';
  let text = '';
  if (from && from.code !== editor.getCode()) text = `The code changed since this ${what}.`;
  else if (from && from.options !== formKey({ tier: !compare })) text = `The options changed since this ${what}.`;
  else if (from?.failed) text = 'The last run did not finish: these views are from the one before.';
  // Written only when it changes: the bar is a live region (role="status"), which a
  // screen reader would announce again at every keystroke (found in review).
  if ($('stale').textContent !== text) $('stale').textContent = text;
  $('stale').hidden = text === '';
}

// ---------------------------------------------------------------------------- options

/** The longest delay setTimeout takes: longer ones fire at once. The field's max is below it. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The run options from the form, or null after reporting an invalid field: the fields'
 * min, max and step (index.html) are what run() accepts (non-negative safe integers)
 * and, for Timeout, what setTimeout can wait.
 */
function readOptions() {
  const fields = [$('hot-loop'), $('hot-func'), $('max-steps'), $('timeout')];
  const invalid = fields.find((input) => !input.checkValidity());
  if (invalid) {
    invalid.reportValidity();
    return null;
  }
  const count = (input) => (input.value === '' ? undefined : Number(input.value));
  const options = { tier: $('tier').value, hotLoop: count($('hot-loop')), hotFunc: count($('hot-func')), maxSteps: count($('max-steps')) };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  const seconds = count($('timeout'));
  return { options, timeoutMs: seconds ? Math.min(seconds * 1000, MAX_TIMEOUT_MS) : 0 };
}

/**
 * Puts a shared link's tier and options into the form: a number the link leaves out, or
 * has but not valid, is the page's default; one written empty empties its field.
 */
function applyOptions(state) {
  if (state.tier) selectTier(state.tier);
  for (const [key, id] of Object.entries(NUMBER_FIELDS)) {
    $(id).value = !(key in state) ? $(id).defaultValue : state[key] === null ? '' : String(state[key]);
  }
  updateStale();
}

/** What is wrong with a shared link besides its tier (checked once tiers() is known), or ''. */
function linkProblems(state, { fallback }) {
  const problems = [];
  if (state.code === null) problems.push(`This link's program could not be read (is the link cut short?): ${fallback}.`);
  if (state.invalid) {
    const names = state.invalid.map((key) => `“${$(NUMBER_FIELDS[key]).closest('label').querySelector('.field-label').textContent}”`);
    problems.push(`This link's ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not valid: using the default.`);
  }
  return problems.join(' ');
}

/** Chooses `tier` if this build has it; else returns a warning (once tiers() is known). */
function selectTier(tier) {
  wantedTier = tier;
  if (!info) return '';
  if (info.tiers.includes(tier)) {
    $('tier').value = tier;
    return '';
  }
  return `This build has no '${tier}' tier; using '${$('tier').value}'.`;
}

// ---------------------------------------------------------------------------- running

let ticker = null;

function setBusy(busy, label) {
  $('run').disabled = busy || !info;
  $('compare').disabled = busy || !info;
  $('stop').disabled = !busy;
  clearInterval(ticker);
  if (busy) {
    const started = performance.now();
    const tick = () => setStatus(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`, 'busy');
    tick();
    ticker = setInterval(tick, 100);
  }
}

/** Ends a run or comparison: the buttons come back, and the count tests wait on grows. */
function finish() {
  setBusy(false);
  document.body.dataset.finished = ++finished;
}

function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').dataset.kind = kind;
}

async function runProgram() {
  if (!info || runner.busy) return;
  const read = readOptions();
  if (!read) return;
  const code = editor.getCode();
  const from = { code, options: formKey() };
  setBusy(true, 'Running…');
  try {
    const { outcome, wallMs } = await runner.run(code, { ...read.options, dump: DUMP }, { timeoutMs: read.timeoutMs });
    showOutcome(read.options.tier, outcome, wallMs);
    showJit(read.options, outcome);
    panesFrom = from;
    setStatus(outcome.error ? 'Finished with an error.' : `Finished in ${formatUs(wallMs * 1000)}.`, outcome.error ? 'error' : 'ok');
  } catch (err) {
    showFailure(err);
    if (panesFrom) panesFrom = { ...panesFrom, failed: true };
  } finally {
    updateStale();
    finish();
  }
}

function showOutcome(requested, outcome, wallMs) {
  $('stdout').textContent = outcome.stdout;
  $('result').textContent = outcome.result === null ? '' : `⇒ ${outcome.result}`;
  const errors = parseErrors(outcome.error);
  showErrorText(outcome.error ?? '', errors);
  $('output-empty').hidden = Boolean(outcome.stdout || outcome.result !== null || outcome.error);
  editor.showErrors(errors);
  // The first error may be off screen in the editor: bring it into view.
  const first = errors.find((e) => e.line !== null);
  if (first) editor.reveal(first.line, first.col);
  const s = outcome.stats;
  const tier = requested === s.tier ? `tier ${s.tier}` : `tier ${requested} (runs as ${s.tier})`;
  const parts = [
    tier,
    `parse ${formatUs(s.parseUs)}`,
    `compile ${formatUs(s.compileUs)}`,
    `run ${formatUs(s.runUs)}`,
  ];
  const t = s.template;
  if (t?.functions > 0) parts.push(`template compile ${formatUs(t.codegenUs + t.jsUs)} (${t.functions} function${t.functions === 1 ? '' : 's'})`);
  if (s.traces > 0 || s.jitCompileUs > 0) parts.push(`JIT compile ${formatUs(s.jitCompileUs)} (${s.traces} trace${s.traces === 1 ? '' : 's'})`);
  parts.push(
    `${formatCount(s.vm.loopIterations)} loop iterations`,
    `${formatCount(s.vm.calls)} calls`,
    `${formatCount(s.vm.heap.collections)} GCs`,
    `wall ${formatUs(wallMs * 1000)}`,
  );
  $('stats').textContent = parts.join(' · ');
}

/** The error text, its `line:col` positions as links that move the editor's cursor there. */
function showErrorText(text, errors) {
  const pre = $('error');
  pre.replaceChildren();
  const byText = new Map(errors.map((e) => [e.text, e]));
  for (const [index, lineText] of text.split('\n').entries()) {
    if (index > 0) pre.append('\n');
    const e = byText.get(lineText);
    const at = e?.line == null ? -1 : lineText.indexOf(`${e.line}:${e.col}`);
    if (at < 0) {
      pre.append(lineText);
      continue;
    }
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'line-link error-link';
    link.textContent = `${e.line}:${e.col}`;
    link.title = `Go to line ${e.line}, column ${e.col}`;
    link.addEventListener('click', () => editor.goTo(e.line, e.col));
    pre.append(lineText.slice(0, at), link, lineText.slice(at + link.textContent.length));
  }
}

function showJit(options, outcome) {
  const { listing, sections, templates } = parseDump(outcome.dump);
  mapLines(listing, sections, outcome.events);

  // No listing: the program did not parse or compile (its errors are in the output).
  panes.bytecode.set(
    (listing?.rows ?? []).map((r) => ({ ...r, kind: r.kind === 'fn' ? 'head' : '' })),
    outcome.error && !listing ? 'No bytecode: the program does not compile.' : 'No bytecode.',
  );
  const tier = outcome.stats.tier;
  const empty =
    tier === 'interp'
      ? 'The interp tier never compiles code. Choose trace or auto and run again.'
      : tier === 'template'
        ? 'The template tier compiles whole functions, not traces: see Template JS. Choose trace or auto for traces.'
        : outcome.error && !listing
          ? 'No traces: the program does not compile.'
          : `No trace was compiled: no loop ran ${options.hotLoop ?? 50} iterations and no function was called ${options.hotFunc ?? 100} times, or recording was aborted (see Events).`;
  jit = { sections, empty };
  panes.ir.set(sectionRows(sections.filter((s) => s.kind === 'ir')), empty);
  const runs = optimizerRuns(sections);
  passView.set(runs, empty);
  showVersions();
  const calls = options.hotFunc === undefined ? 200 : Math.max(1, 2 * options.hotFunc);
  templateView.set(templates, {
    events: outcome.events,
    stats: outcome.stats,
    empty:
      tier === 'interp' || tier === 'trace'
        ? `The ${tier} tier never compiles whole functions. Choose template or auto and run again.`
        : outcome.error && !listing
          ? 'No functions: the program does not compile.'
          : tier === 'auto'
            ? options.hotFunc === undefined
              ? 'No function was compiled: by default auto runs the interpreter and traces only (template code measured slower than the interpreter on many programs). Set Hot function to let auto compile functions called twice that often, or choose template.'
              : `No function was compiled: under auto a function is compiled once the interpreter has called it ${calls} times (twice Hot function), and hot loops become traces. Choose template to compile every function on its first call.`
            : 'No function was compiled (see Events).',
  });
  renderEvents($('pane-events'), outcome.events, (line) => editor.goToLine(line));

  const compiled = sections.filter((s) => s.kind === 'ir').length;
  tabs.badge('ir', compiled || null);
  tabs.badge('passes', runs.length || null);
  tabs.badge('template', templateView.size || null);
  tabs.badge('events', outcome.events.length || null);
  shown = true;
  highlightLinked({ reveal: false });
}

/** Dump sections as pane rows, each after a header row; replaced versions dimmed. */
function sectionRows(sections) {
  return sections.flatMap((s) => [
    { text: `---- TRACE ${s.trace} ${s.title}${s.replaced ? '   (replaced by a later version)' : ''}`, line: null, kind: 'head', old: s.replaced },
    ...s.rows.map((r) => ({ ...r, old: s.replaced })),
  ]);
}

/**
 * Optimized IR and JS: the current code of each trace (its newest optimization with the
 * side traces attached since, its newest JavaScript), trace by trace; with the toggle,
 * also the versions that a side trace or a re-optimization replaced.
 */
function showVersions() {
  for (const [name, kinds] of [['ir-opt', ['ir-opt', 'side']], ['js', ['js']]]) {
    const all = jit.sections.filter((s) => kinds.includes(s.kind));
    const replaced = all.filter((s) => s.replaced).length;
    const shownSections = (showReplaced ? all : all.filter((s) => !s.replaced)).sort((a, b) => a.trace - b.trace);
    panes[name].set(sectionRows(shownSections), jit.empty);
    const tools = $(`pane-${name}`).querySelector('.pane-tools');
    tools.hidden = replaced === 0;
    tools.querySelector('.show-replaced').checked = showReplaced;
    tools.querySelector('.replaced-count').textContent = `(${replaced})`;
  }
}

function showFailure(err) {
  $('output-empty').hidden = true;
  $('stdout').textContent = '';
  $('result').textContent = '';
  editor.clearErrors();
  if (err instanceof StoppedError) {
    $('error').textContent = 'Stopped.';
    setStatus('Stopped.', 'warn');
  } else if (err instanceof TimeoutError) {
    $('error').textContent = `${err.message[0].toUpperCase()}${err.message.slice(1)}. Raise “Timeout” or lower the work.`;
    setStatus('Timed out.', 'error');
  } else {
    $('error').textContent = String(err.message ?? err);
    setStatus('Failed.', 'error');
  }
  $('stats').textContent = '';
}

async function compareProgram() {
  if (!info || runner.busy) return;
  const read = readOptions();
  if (!read) return;
  const code = editor.getCode();
  // interp first: it is the baseline of every ratio.
  const tiers = [...info.tiers].sort((a, b) => (b === 'interp') - (a === 'interp'));
  const { tier: _, ...options } = read.options;
  chartFrom = { code, options: formKey({ tier: false }) };
  tabs.show('compare');
  const el = $('pane-compare');
  renderComparison(el, [], tiers);
  setBusy(true, 'Comparing tiers…');
  let results = [];
  try {
    results = await compareTiers(runner, code, tiers, options, {
      timeoutMs: read.timeoutMs,
      onProgress: (partial) => {
        results = [...partial];
        renderComparison(el, results, tiers.slice(results.length));
      },
    });
    setStatus(`Compared ${results.length} tiers.`, 'ok');
  } catch (err) {
    // The finished runs stay; the tier that was running says why it did not finish.
    results = err.results ?? results;
    renderComparison(el, results, tiers.slice(results.length), { ended: true });
    const tier = results.find((r) => r.interrupted)?.tier;
    const note = document.createElement('p');
    note.className = 'chart-note error';
    if (err instanceof StoppedError) {
      note.textContent = `Stopped${tier ? ` during a run under ${tier}` : ''}.`;
      setStatus('Stopped.', 'warn');
    } else if (err instanceof TimeoutError) {
      note.textContent = `${tier ?? 'A run'}: ${err.message}. Raise “Timeout” or lower the work.`;
      setStatus('Timed out.', 'error');
    } else {
      note.textContent = `The comparison failed${tier ? ` under ${tier}` : ''}: ${err.message ?? err}`;
      setStatus('Comparison failed.', 'error');
    }
    el.append(note);
  } finally {
    updateStale();
    finish();
  }
}

// ---------------------------------------------------------------------------- share

async function share() {
  const read = readOptions();
  if (!read) return;
  // Empty fields go in the link as empty (hotFunc= …), so that it does not get the default.
  const numbers = Object.fromEntries(Object.entries(NUMBER_FIELDS).map(([key, id]) => [key, $(id).value === '' ? null : Number($(id).value)]));
  const hash = encodeHash({ code: editor.getCode(), tier: read.options.tier, ...numbers });
  history.replaceState(null, '', hash);
  const url = location.href;
  const copied = await copyText(url);
  $('share-url').value = url;
  $('share-note').textContent = copied ? 'Copied to the clipboard.' : 'Copy this link:';
  $('share-panel').hidden = false;
  $('share-url').select();
  if (!copied) $('share-url').focus();
}

window.addEventListener('hashchange', () => {
  const state = decodeHash(location.hash);
  if (!state) return;
  if (state.code !== null) editor.setCode(state.code);
  applyOptions(state);
  const warning = [linkProblems(state, { fallback: 'the editor keeps its program' }), state.tier ? selectTier(state.tier) : ''].filter(Boolean).join(' ');
  if (warning) setStatus(warning, 'warn');
});

// ---------------------------------------------------------------------------- wiring

for (const example of EXAMPLES) $('examples').add(new Option(example.title, example.id));
$('examples').value = typeof initial?.code === 'string' ? '' : DEFAULT_EXAMPLE;
$('examples').addEventListener('change', () => {
  const example = EXAMPLES.find((e) => e.id === $('examples').value);
  if (!example) return;
  loadingExample = true;
  editor.setCode(example.code);
  loadingExample = false;
  editor.clearErrors();
  if (example.hint) setStatus(example.hint, 'hint');
});
$('run').addEventListener('click', () => runProgram());
$('stop').addEventListener('click', () => runner?.stop());
$('compare').addEventListener('click', () => compareProgram());
$('share').addEventListener('click', () => share());
$('share-close').addEventListener('click', () => ($('share-panel').hidden = true));
$('options').addEventListener('input', () => updateStale());
$('options').addEventListener('change', () => updateStale());
// Enter in a number field runs: the form has no submit button, and without one browsers
// submit on Enter only forms with a single field. requestSubmit() checks the fields first.
$('options').addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.isComposing || !(event.target instanceof HTMLInputElement)) return;
  if (event.ctrlKey || event.metaKey) return; // Ctrl+Enter: the page's handler runs
  event.preventDefault();
  $('options').requestSubmit();
});
$('options').addEventListener('submit', (event) => {
  event.preventDefault();
  runProgram();
});
document.addEventListener('keydown', (event) => {
  // The editor handles Mod-Enter itself (and marks the event handled).
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
    event.preventDefault();
    runProgram();
  } else if (event.key === 'Escape' && !$('share-panel').hidden) {
    $('share-panel').hidden = true;
  }
});
const mac = /Mac|iPhone|iPad/.test(navigator.userAgentData?.platform ?? navigator.platform);
$('run-shortcut').textContent = mac ? '⌘ Enter' : 'Ctrl+Enter';
$('run').title = `Run the program (${mac ? '⌘ Enter' : 'Ctrl+Enter'})`;
highlightLinked({ reveal: false });

// ---------------------------------------------------------------------------- start

/** Compiles the .wasm once; each worker instantiates the compiled module. */
async function loadModule(url) {
  // A 404 page compiled as Wasm fails with a puzzling "magic word" error: check first.
  const get = async () => {
    const name = url.pathname.split('/').pop();
    const response = await fetch(url).catch((err) => {
      throw new Error(`could not load ${name}: ${err.message}`);
    });
    if (!response.ok) throw new Error(`could not load ${name} (${url.href}): HTTP ${response.status} ${response.statusText}`.trim());
    return response;
  };
  const response = await get();
  try {
    return await WebAssembly.compileStreaming(response);
  } catch {
    // Servers that send another Content-Type than application/wasm.
    return WebAssembly.compile(await (await get()).arrayBuffer());
  }
}

async function start() {
  setStatus('Loading the WebAssembly module…', 'busy');
  try {
    const module = await loadModule(new URL('./monkey_jit_bg.wasm', import.meta.url));
    runner = new Runner(module, new URL('./worker.js', import.meta.url));
    info = await runner.ready();
  } catch (err) {
    setStatus(`Could not start: ${err.message}`, 'error');
    return;
  }
  $('version').textContent = `v${info.version}`;
  for (const tier of info.tiers) $('tier').add(new Option(TIER_LABELS[tier] ?? tier, tier));
  $('tier').value = info.tiers.includes('auto') ? 'auto' : info.tiers[0];
  const warning = [initial ? linkProblems(initial, { fallback: 'showing the default example' }) : '', selectTier(wantedTier)].filter(Boolean).join(' ');
  setBusy(false);
  setStatus(warning || 'Ready.', warning ? 'warn' : 'ok');
  document.body.dataset.ready = 'true';
}

start();
