// Source-line mapping: which line of the program each row of the bytecode listing, the
// trace IR and the generated JavaScript came from. Pure functions over what `run()`
// returns (its `dump`, the listing included, and its events), so node tests can check them.
//
// The chain, from what the texts say exactly to what is inferred (www/README.md has
// the long version):
//
//   listing   `  0019  2:1   GetLocal slot=1`      pc → line:col, per function; the
//                                                  functions are listed in proto order.
//   snapshot  `#9 pc=0 ... [f1@5>132] ...`        a pc in the innermost inlined frame
//                                                  (`f1` = proto 1) or else in the
//                                                  trace's own function → line.
//   guard     `0015 int Add %0012 %0014 #6`       the line of its snapshot.
//   other IR  `0010 void GStore [1] %0009`        no position of its own: after a pass
//                                                  or optimization, the line of the recorded
//                                                  instruction with the same number; else
//                                                  the guard testing it, its operands, its
//                                                  users (data flow); else the line of the
//                                                  instruction before it.
//   JS        `const v36 = p26 + p25;`            `vN`/`pN` is IR instruction N (`sK_vN`:
//                                                  of side trace K); `return N;` is exit N:
//                                                  where a `trace-exit` event says it
//                                                  resumed, else snapshot N, then the loop
//                                                  head, then each side trace's snapshots.
//   template  `/* 0012 Add 5:33 */`             the comment before each instruction's
//                                                  code names its pc and line:col; the
//                                                  code line after it has that line.

/** The disassembly: functions in proto order, each instruction's pc and position. */
export function parseListing(text) {
  const functions = [];
  const rows = [];
  let current = null;
  for (const raw of splitLines(text)) {
    const header = /^fn (\S+)\((.*?)\)/.exec(raw);
    if (header) {
      current = { index: functions.length, name: header[1], params: header[2], instrs: [] };
      functions.push(current);
      rows.push({ text: raw, kind: 'fn', fn: current.index, line: null });
      continue;
    }
    const ins = /^\s+(\d+)\s+(\d+):(\d+)\s+(\S+)(.*)$/.exec(raw);
    if (ins && current) {
      const entry = { pc: +ins[1], line: +ins[2], col: +ins[3], op: ins[4], rest: ins[5] };
      current.instrs.push(entry);
      rows.push({ text: raw, kind: 'ins', fn: current.index, pc: entry.pc, line: entry.line });
      continue;
    }
    rows.push({ text: raw, kind: 'other', line: null });
  }
  return { functions, rows };
}

/** The source line of bytecode offset `pc` in function `proto`, or null. */
export function lineAt(listing, proto, pc) {
  const fn = listing?.functions[proto];
  if (!fn) return null;
  let found = null;
  for (const ins of fn.instrs) {
    if (ins.pc > pc) break;
    found = ins; // the instruction that contains pc (pcs are instruction starts)
  }
  return found?.line ?? null;
}

/**
 * Splits `run()`'s `dump` into the bytecode listing (the `---- BYTECODE` section, parsed
 * by {@link parseListing}; null without one, e.g. when the program does not parse), the
 * `---- TRACE n ...` sections, in order, and the template tier's functions
 * (`---- TEMPLATE ...`, see {@link parseTemplate}), in the order they were compiled.
 * Each trace section has `trace`, `title`, `rows` and a `kind`: `ir` (as recorded),
 * `pass` (after optimizer pass `pass`), `ir-opt` (after optimization), `side` (a side
 * trace, optimized) or `js`; `side` is the exit a side trace (or its pass) hangs off,
 * else null; `reopt` marks the sections of a parent re-optimized to carry what a side
 * path writes.
 */
export function parseDump(text) {
  const sections = [];
  const templates = [];
  let bytecode = null;
  let current = null;
  for (const raw of splitLines(text)) {
    if (raw === '---- BYTECODE') {
      current = bytecode = { rows: [] };
      continue;
    }
    const header = /^---- TRACE (\d+) (.*)$/.exec(raw);
    if (header) {
      current = { trace: +header[1], title: header[2], rows: [], ...classify(header[2]) };
      sections.push(current);
      continue;
    }
    const template = /^---- TEMPLATE (.+) \(function (\d+), (\d+) instructions, (\d+) bytes\)$/.exec(raw);
    if (template) {
      current = { title: raw.slice(5), name: template[1], proto: +template[2], instructions: +template[3], bytes: +template[4], rows: [] };
      templates.push(current);
      continue;
    }
    if (!current) continue;
    current.rows.push({ text: raw, line: null });
  }
  for (const section of sections) if (section.kind !== 'js') parseIr(section);
  for (const template of templates) parseTemplate(template);
  const listing = bytecode ? parseListing(bytecode.rows.map((r) => r.text).join('\n')) : null;
  return { listing, sections, templates };
}

/**
 * Gives the rows of one template function their source lines. The template tier writes
 * each bytecode instruction's code on one line after a comment naming it,
 * `/* 0012 Add 5:33 *\/` (pc, opcode, line:col), or `/* 0012 Add (AddInt) 5:33 *\/` when
 * the code came from a variant stencil: the comment row gets `comment`, `pc`, `op`,
 * `variant` (or null), `line` and `col`, the code row after it `pc` and `line`. The scaffolding (the
 * prologue, `case N:` labels of jump targets, the hand-over epilogue) has no line; an
 * instruction without code (a comment right before another) has only its comment.
 */
export function parseTemplate(template) {
  while (template.rows.length && template.rows.at(-1).text === '') template.rows.pop();
  let comment = null;
  for (const row of template.rows) {
    const note = /^\/\* (\d+) (\S+)(?: \((\w+)\))? (\d+):(\d+) \*\/$/.exec(row.text);
    if (note) {
      Object.assign(row, { comment: true, pc: +note[1], op: note[2], variant: note[3] ?? null, line: +note[4], col: +note[5] });
      comment = row;
      continue;
    }
    if (comment && !/^case \d+:$/.test(row.text)) Object.assign(row, { pc: comment.pc, line: comment.line });
    comment = null;
  }
  return template;
}

/** What a `---- TRACE n TITLE` section is, from its title. */
function classify(title) {
  const info = { reopt: false, side: null };
  let rest = title;
  let m = /^\(re-optimized[^)]*\) (.*)$/.exec(rest);
  if (m) [info.reopt, rest] = [true, m[1]];
  m = /^SIDE TRACE from exit (\d+) (.*)$/.exec(rest);
  if (m) [info.side, rest] = [+m[1], m[2]];
  if ((m = /^IR \((fn|function) (.+), line (\d+)\)$/.exec(rest))) {
    return { ...info, kind: 'ir', functionTrace: m[1] === 'function', func: m[2], headerLine: +m[3] };
  }
  if (/^(IR )?after optimization$/.test(rest)) return { ...info, kind: info.side === null ? 'ir-opt' : 'side' };
  if ((m = /^IR after (\S+)$/.exec(rest))) return { ...info, kind: 'pass', pass: m[1] };
  if ((m = /^JS(?: with (\d+) side trace\(s\))?$/.exec(rest))) return { ...info, kind: 'js', sideCount: m[1] ? +m[1] : 0 };
  return { ...info, kind: 'other' };
}

/** Reads the instructions and snapshots of an IR section into `section.ins` and `.snaps`. */
function parseIr(section) {
  section.ins = new Map(); // id → { refs, snap, row }
  section.snaps = new Map(); // id → { pc, frames: [proto…], row }
  section.rows.forEach((row, index) => {
    const ins = /^(\d{4,}) (\S+)\s+(\S+)(.*)$/.exec(row.text);
    if (ins) {
      const tail = ins[4];
      const snap = / #(\d+)$/.exec(tail);
      const refs = [...tail.matchAll(/%(\d+)/g)].map((m) => +m[1]);
      section.ins.set(+ins[1], { op: ins[3], refs, snap: snap ? +snap[1] : null, row: index });
      row.ins = +ins[1];
      return;
    }
    const snap = /^#(\d+) pc=(\d+) .*?\[(.*?)\]/.exec(row.text);
    if (snap) {
      const frames = [...snap[3].matchAll(/f(\d+)@/g)].map((m) => +m[1]);
      section.snaps.set(+snap[1], { pc: +snap[2], frames, row: index });
      row.snap = +snap[1];
    }
  });
}

/**
 * Fills in `row.line` for every row of the listing and the dump sections, marks the
 * sections a later version of their trace replaced (`section.replaced`), and returns
 * the traces: `{ id, proto, func, headerLine, recorded, optimized, sides, js, exits }`
 * where `exits(n)` tells where exit `n` of the trace's latest code resumes.
 */
export function mapLines(listing, sections, events = []) {
  listing ??= { functions: [], rows: [] };
  const traces = new Map();
  const trace = (id) => {
    if (!traces.has(id)) traces.set(id, { id, proto: null, sides: [], js: [], versions: [] });
    return traces.get(id);
  };
  // Where the interpreter resumed after each exit the run took, counted at its end (so
  // numbered as in the trace's latest code): the events say it exactly.
  const resumed = new Map();
  for (const e of events) if (e.kind === 'trace-exit') resumed.set(`${e.trace}/${e.exit}`, e.line);
  for (const section of sections) {
    const t = trace(section.trace);
    if (section.kind === 'ir') {
      Object.assign(t, { func: section.func, headerLine: section.headerLine, functionTrace: section.functionTrace });
      t.proto = findProto(listing, t, events);
      t.recorded = section;
      mapIr(listing, section, t.proto, null);
    } else if (section.kind === 'pass') {
      // A side trace numbers its instructions afresh; the parent keeps the recorded numbers.
      mapIr(listing, section, t.proto, section.side === null ? t.recorded : null);
    } else if (section.kind === 'ir-opt') {
      // A re-optimized parent replaces the old code and drops its side traces.
      for (const old of [t.optimized, ...t.sides]) if (old) old.replaced = true;
      t.optimized = section;
      t.sides = [];
      mapIr(listing, section, t.proto, t.recorded);
    } else if (section.kind === 'side') {
      t.sides.push(section);
      mapIr(listing, section, t.proto, null);
    } else if (section.kind === 'js') {
      for (const old of t.js) old.replaced = true;
      section.sides = section.sideCount ? t.sides.slice(-section.sideCount) : [];
      section.exits = exitTable(listing, t, section.sides);
      t.js.push(section);
      mapJs(section, t);
    }
  }
  for (const t of traces.values()) {
    const latest = t.js.at(-1);
    // Exits the run took: the events' line wins over the table's reconstruction.
    const taken = (exit) => resumed.get(`${t.id}/${exit}`);
    if (latest) {
      for (const row of latest.rows) if (row.exit !== undefined && taken(row.exit) !== undefined) row.line = taken(row.exit);
    }
    t.exits = (exit) => {
      const line = taken(exit) ?? latest?.exits.get(exit) ?? null;
      return line === null ? null : { line };
    };
  }
  return traces;
}

/**
 * The function a trace belongs to. The dump names it, but names repeat (`<anonymous>`),
 * so among the functions of that name prefer the one whose instruction at the loop head
 * (from the `trace-start` event) or any instruction is on the header line.
 */
function findProto(listing, t, events) {
  const named = listing.functions.filter((fn) => fn.name === t.func);
  if (named.length <= 1) return named[0]?.index ?? null;
  const start = events.findLast?.((e) => e.kind === 'trace-start' && e.trace === t.id && e.func === t.func);
  const onLine = (fn, pc) => fn.instrs.some((ins) => ins.line === t.headerLine && (pc === undefined || ins.pc === pc));
  return (named.find((fn) => start && onLine(fn, start.pc)) ?? named.find((fn) => onLine(fn)) ?? named[0]).index;
}

/** The source line a snapshot resumes at. */
function snapLine(listing, section, id, proto) {
  const snap = section.snaps.get(id);
  if (!snap) return null;
  return lineAt(listing, snap.frames.length ? snap.frames.at(-1) : proto, snap.pc);
}

/** Gives each instruction and snapshot row of an IR section its source line. */
function mapIr(listing, section, proto, recorded) {
  const direct = new Map();
  for (const [id, ins] of section.ins) {
    const line = recorded?.lineOf(id) ?? (ins.snap !== null ? snapLine(listing, section, ins.snap, proto) : null);
    if (line !== null) direct.set(id, line);
  }
  const users = new Map();
  for (const [id, ins] of section.ins) {
    for (const ref of ins.refs) {
      if (!users.has(ref)) users.set(ref, []);
      users.get(ref).push(id);
    }
  }
  // Data flow: a condition belongs to the guard that tests it; otherwise, breadth first
  // and bounded, the operands (what a store or box stores), then the users (what a load
  // feeds, e.g. the guard that unboxes it).
  const memo = new Map();
  const lineOf = (id) => {
    if (direct.has(id)) return direct.get(id);
    if (memo.has(id)) return memo.get(id);
    const guard = (users.get(id) ?? []).find((u) => section.ins.get(u).op.startsWith('Guard') && direct.has(u));
    let line = guard === undefined ? null : direct.get(guard);
    for (const next of [(i) => section.ins.get(i)?.refs ?? [], (i) => users.get(i) ?? []]) {
      if (line !== null) break;
      const seen = new Set([id]);
      let frontier = [id];
      for (let depth = 0; depth < 6 && line === null && frontier.length; depth++) {
        frontier = frontier.flatMap(next).filter((i) => !seen.has(i) && seen.add(i));
        line = frontier.map((i) => direct.get(i)).find((l) => l !== undefined) ?? null;
      }
    }
    memo.set(id, line);
    return line;
  };
  // What data flow cannot place (a CallSelf, say) goes with the instruction before it:
  // the recorder emits IR in bytecode order.
  const lines = new Map();
  let previous = null;
  for (const row of section.rows) {
    if (row.ins !== undefined) {
      row.line = lineOf(row.ins) ?? previous;
      lines.set(row.ins, row.line);
      previous = row.line;
    } else if (row.snap !== undefined) {
      row.line = snapLine(listing, section, row.snap, proto);
    }
  }
  section.lineOf = (id) => lines.get(id) ?? null;
}

/**
 * Exit number → source line for one compiled trace, as `js.rs` numbers exits: the
 * optimized snapshots, then the loop head (a snapshot added after optimization), then
 * each side trace's snapshots. Exits the run took are better known from the events.
 */
function exitTable(listing, t, sides) {
  const exits = new Map();
  const opt = t.optimized;
  if (!opt) return exits;
  for (const id of opt.snaps.keys()) exits.set(id, snapLine(listing, opt, id, t.proto));
  let base = opt.snaps.size;
  exits.set(base++, t.headerLine ?? null);
  for (const side of sides) {
    for (const id of side.snaps.keys()) exits.set(base + id, snapLine(listing, side, id, t.proto));
    base += side.snaps.size;
  }
  return exits;
}

/**
 * Gives each row of a JS section a line: an exit's own code (`function xN(`) the line
 * of exit N; other code the line of the IR value it defines, else of the first one it
 * uses, else of the exit it returns. Rows about one exit remember it in `row.exit`.
 */
function mapJs(section, t) {
  const valueLine = (side, id) => {
    const ir = side === undefined ? t.optimized : section.sides[+side];
    return ir?.lineOf(id) ?? null;
  };
  const exitLine = (id) => section.exits.get(id) ?? null;
  for (const row of section.rows) {
    const exitFn = /^\s*function x(\d+)\(/.exec(row.text);
    if (exitFn) {
      row.exit = +exitFn[1];
      row.line = exitLine(row.exit);
      continue;
    }
    const def = /^\s*(?:const|let)\s+(?:s(\d+)_)?[vp](\d+)[hl]?\b/.exec(row.text);
    const use = def ?? /\b(?:s(\d+)_)?[vp](\d+)[hl]?\b/.exec(row.text);
    let line = use ? valueLine(use[1], +use[2]) : null;
    if (line === null) {
      const ret = [...row.text.matchAll(/\breturn (?:XF\.)?x?(\d+)[;(]/g)].at(-1);
      if (ret) {
        row.exit = +ret[1];
        line = exitLine(row.exit);
      }
    }
    row.line = line;
  }
}

/** `text` split into lines, without the empty string after a final newline. */
function splitLines(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
