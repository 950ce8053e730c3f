// The model of the Passes tab: every run of the trace optimizer in a dump, as steps
// (the IR as recorded, after each pass that changed it, after optimization) and the
// line diff from one step to the next. Pure functions over parseDump's sections (after
// mapLines gave their rows lines), so node tests can check them.

/** What each optimizer pass does (src/jit/opt/mod.rs), for the step's description. */
export const PASS_HELP = {
  fold: 'constant folding and algebraic simplification',
  fwd: 'store-to-load forwarding for slots, globals, cells and array elements',
  unbox: 'box/unbox elimination: values stay unboxed, stores take them typed',
  guard: 'redundant guard elimination: a fact checked once is not checked again',
  cse: 'common-subexpression elimination of pure instructions',
  peel: 'loop peeling: a pre-roll iteration, then the loop body with PHIs',
  hoist: 'the pre-roll becomes a preheader of invariant work only',
  bce: 'bounds-check elimination for induction-variable indexes',
  sink: 'store sinking: slot and global stores leave the loop; exits write them back',
  dce: 'dead-code elimination',
};

/** The gutter mark of each kind of diff row. */
export const DIFF_MARKS = { same: ' ', added: '+', changed: '~', moved: '↕', removed: '−' };

/**
 * The optimizer runs of a dump, in order: `{ trace, side, reopt, title, replaced, steps }`
 * where `side` is the exit a side trace hangs off (else null), `reopt` marks a parent
 * re-optimized to carry what a side path writes, and each step is `{ name, label,
 * section }`: `recorded` (not dumped for side traces), each pass that changed the IR
 * (the cleanup passes can come several times), and `optimized`, the result, only when
 * it differs from the last of those (no pass changed anything, or no `passes` dump).
 */
export function optimizerRuns(sections) {
  const runs = [];
  const open = new Map();
  const recorded = new Map();
  const keyOf = (s) => `${s.trace}/${s.side}/${s.reopt}`;
  const start = (s) => {
    const run = { trace: s.trace, side: s.side, reopt: s.reopt, input: s.side === null ? (recorded.get(s.trace) ?? null) : null, passes: [], result: null };
    runs.push(run);
    open.set(keyOf(s), run);
    return run;
  };
  for (const s of sections) {
    if (s.kind === 'ir') {
      recorded.set(s.trace, s);
    } else if (s.kind === 'pass') {
      (open.get(keyOf(s)) ?? start(s)).passes.push(s);
    } else if (s.kind === 'ir-opt' || s.kind === 'side') {
      (open.get(keyOf(s)) ?? start(s)).result = s;
      open.delete(keyOf(s));
    }
  }
  return runs.map(({ trace, side, reopt, input, passes, result }) => {
    const steps = [];
    if (input) steps.push({ name: 'recorded', label: 'as recorded', section: input });
    for (const p of passes) steps.push({ name: p.pass, label: `after ${p.pass}`, pass: p.pass, section: p });
    if (result && (!steps.length || textOf(result) !== textOf(steps.at(-1).section))) {
      steps.push({ name: 'optimized', label: 'after optimization', section: result });
    }
    const where = input ? ` (${input.functionTrace ? 'function' : 'fn'} ${input.func}, line ${input.headerLine})` : '';
    const title =
      side !== null ? `trace ${trace}: side trace from exit ${side}` : reopt ? `trace ${trace}: re-optimized${where}` : `trace ${trace}${where}`;
    return { trace, side, reopt, title, replaced: Boolean(result?.replaced), steps };
  });
}

function textOf(section) {
  return section.rows.map((r) => r.text).join('\n');
}

/**
 * The rows of IR `after` compared with IR `before` (rows of parsed sections), each with
 * `diff`: `same`, `added` (an instruction or snapshot number new in `after`), `changed`
 * (the same number, other text; `was` is the old text), `moved` (an instruction, the
 * same text, across the loop head) or `removed` (gone; placed after the row that preceded it), and the
 * `mark` for the gutter. Instructions and snapshots are matched by number: passes never
 * renumber, they add instructions with new numbers and drop others. `counts` sums them.
 */
export function diffIr(before, after) {
  const counts = { added: 0, changed: 0, moved: 0, removed: 0 };
  if (!before) return { rows: after.map((row) => ({ ...row, diff: 'same', mark: DIFF_MARKS.same })), counts };
  const oldRows = new Map();
  inLoop(before).forEach((loop, i) => {
    const k = keyOf(before[i]);
    if (!oldRows.has(k)) oldRows.set(k, { row: before[i], loop });
  });
  const kept = new Set(after.map(keyOf));
  // Removed rows go after the last row before them that is still there.
  const removedAfter = new Map();
  let anchor = '';
  for (const row of before) {
    const k = keyOf(row);
    if (kept.has(k)) {
      anchor = k;
      continue;
    }
    if (!removedAfter.has(anchor)) removedAfter.set(anchor, []);
    removedAfter.get(anchor).push({ ...row, diff: 'removed', mark: DIFF_MARKS.removed });
    counts.removed++;
  }
  const take = (k) => {
    const rows = removedAfter.get(k) ?? [];
    removedAfter.delete(k);
    return rows;
  };
  const rows = [...take('')];
  const loops = inLoop(after);
  after.forEach((row, i) => {
    const k = keyOf(row);
    const old = oldRows.get(k);
    const moved = row.ins !== undefined && old?.loop !== loops[i]; // snapshots follow the code
    const diff = !old ? 'added' : old.row.text !== row.text ? 'changed' : moved ? 'moved' : 'same';
    if (diff !== 'same') counts[diff]++;
    rows.push({ ...row, diff, mark: DIFF_MARKS[diff], ...(diff === 'changed' && { was: old.row.text }), ...(diff === 'moved' && { into: loops[i] }) });
    rows.push(...take(k));
  });
  return { rows, counts };
}

/** What identifies a row from one step to the next. */
function keyOf(row) {
  if (row.ins !== undefined) return `%${row.ins}`;
  if (row.snap !== undefined) return `#${row.snap}`;
  if (/^---- LOOP\b/.test(row.text)) return 'loop';
  if (/^carried\b/.test(row.text)) return 'carried';
  return `=${row.text}`;
}

/** For each row, whether it comes after the `---- LOOP` line. */
function inLoop(rows) {
  let loop = false;
  return rows.map((row) => (loop ||= /^---- LOOP\b/.test(row.text)));
}
