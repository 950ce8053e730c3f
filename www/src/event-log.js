// The Events tab: what the JIT did during a run (RunResult.events), one row per event,
// with the source line each one is about as a link into the editor.

import { formatUs } from './format.js';

/** What each event kind means, for the row's tooltip and the legend. */
const KIND_HELP = {
  'loop-hot': 'a loop reached the hot-loop threshold',
  'trace-start': 'recording of one loop iteration began',
  'trace-abort': 'recording or a trace was given up',
  'trace-compile': 'a trace was optimized and compiled to JavaScript',
  'trace-exit': 'a compiled trace left through a guard (counted over the run); the line is where the interpreter resumed',
  'side-trace': 'a side trace was attached to a frequently taken exit; the line is where it starts',
  blacklist: 'a loop stopped being recorded after repeated aborts',
  'template-compile': 'the template tier compiled a whole function to JavaScript (see Template JS); the line is where the function is defined',
  'template-fail': 'the template tier could not compile a function (a bug); the interpreter runs it',
  'jit-unavailable': 'some or all JIT code could not run here (new Function forbidden, or too little of the engine\'s stack left): see the reason',
};

/** Renders `events` into `el`; `onLine(n)` is called when a line link is clicked. */
export function renderEvents(el, events, onLine) {
  if (events.length === 0) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'No JIT events: the interpreter ran everything. Functions are compiled under the template tier (and under auto, when Hot function is set, once called twice that often); loops become traces under the trace and auto tiers once they are hot.';
    el.replaceChildren(p);
    return;
  }
  const counts = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  const summary = document.createElement('p');
  summary.className = 'events-summary';
  summary.textContent = Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(' · ');

  const table = document.createElement('table');
  table.className = 'events';
  table.innerHTML = '<thead><tr><th scope="col">#</th><th scope="col">event</th><th scope="col">line</th><th scope="col">details</th></tr></thead>';
  const body = document.createElement('tbody');
  const compiled = new Set();
  events.forEach((event, index) => {
    const again = event.kind === 'trace-compile' && compiled.has(event.trace);
    if (event.kind === 'trace-compile') compiled.add(event.trace);
    const { line, details } = describe(event, again);
    const tr = document.createElement('tr');
    tr.className = `event-${event.kind}`;
    if (line) tr.dataset.line = line;
    const cells = [String(index + 1), event.kind, '', details];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    tr.children[1].title = KIND_HELP[event.kind] ?? '';
    tr.children[1].className = 'kind';
    if (line) {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'line-link';
      link.textContent = `${line}`;
      link.setAttribute('aria-label', `Go to line ${line}`);
      link.addEventListener('click', () => onLine(line));
      tr.children[2].append(link);
    }
    body.append(tr);
  });
  table.append(body);
  el.replaceChildren(summary, table);
}

/**
 * The line an event is about and a one-line description of the rest; `again` marks a
 * trace compiled a second time (re-optimized to carry what a side path writes).
 */
function describe(e, again) {
  const where = e.func ? ` in ${e.func}` : '';
  switch (e.kind) {
    case 'loop-hot':
      return { line: e.line, details: `loop at pc ${e.pc}${where}, col ${e.col}` };
    case 'trace-start':
      return { line: e.line, details: `trace ${e.trace}: recording from pc ${e.pc}${where}` };
    case 'trace-abort':
      return { line: e.line, details: `${e.reason} (pc ${e.pc}${where})` };
    case 'trace-compile':
      return {
        line: e.line,
        details: `trace ${e.trace}${where}${again ? ' re-optimized to carry what a side path writes' : ''}: ${e.irIns} IR → ${e.irOptIns} after optimization, ${e.jsBytes} bytes of JS, ${formatUs(e.compileUs)}`,
      };
    case 'trace-exit':
      return { line: e.line, details: `trace ${e.trace} left through exit ${e.exit} ${e.count}×, resuming at pc ${e.pc}${where}` };
    case 'side-trace':
      return { line: e.line, details: `side trace on exit ${e.exit} of trace ${e.parent}, from pc ${e.pc}${where}` };
    case 'blacklist':
      return { line: e.line, details: `loop at pc ${e.pc}${where} will not be recorded again` };
    case 'template-compile':
      return {
        // <main> (function 0) is defined on no line: the event's line 1 is often a comment.
        line: e.proto === 0 ? null : e.line,
        details: `${e.func} (function ${e.proto}): ${e.instructions} instructions → ${e.jsBytes} bytes of JS, stencils ${formatUs(e.codegenUs)} + new Function ${formatUs(e.jsUs)}`,
      };
    case 'template-fail':
      return { line: null, details: `${e.func}: ${e.reason}` };
    case 'jit-unavailable':
      return { line: null, details: e.reason };
    default:
      return { line: e.line ?? null, details: JSON.stringify(e) };
  }
}
