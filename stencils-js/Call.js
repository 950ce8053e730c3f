// Call: a compiled closure is called directly, as a JS call, with its $ARGC arguments
// as JS values (the callee writes them to its frame in memory only if it hands over);
// the callee slot $F goes to memory only then too (below the callee's frame, where the
// interpreter finds it; nothing reads memory before a hand-over), and the callee returns
// its result in `R` (see Return.js) and the steps it left as its return value (a
// negative one: it handed over). A callee without code is counted as a call and
// compiled if that makes it hot (`CC`, the function's own helper, calls
// `rt_tpl_compile_call` and refreshes the views; under `template`, at once). Anything
// unusual (still no code, wrong arity, the depth budget — this frame costs $COST of it,
// its estimated share of V8's stack, and the budget also keeps the frames inside the VM
// stack, see `enter.rs` — no steps left, as
// when a collection is wanted: the runtime then sets the budget aside) lets the
// interpreter do the call; a callee that hands over to the interpreter makes this frame
// hand over too, resuming after the call. A builtin reads its arguments from memory
// (`BU`: `builtin` in src/template/runtime.js). The closure path's checks stay inline:
// through a shared helper they made fib30 15% slower.
if (t$F === $CLOSURE) {
  const p = H32[(H32[$TABLE] >>> 2) + 2 * a$F], g = T[p] ?? CC(p);
  if (g === undefined || PI[2 * p] !== $ARGC || D + $COST > H32[$CAP] || st === 0) $SUSPEND
  st = g(B + $CALLEE, a$F, D + $COST, st - 1, $ARGS);
  if (st < 0) {
    $REFRESH
    $SPILL_F
    $SUSPEND_AFTER
  }
  $REFRESH
  t$F = R[0]; a$F = R[1]; b$F = R[2];
} else if (t$F === $BUILTIN) {
  $SPILL_CALL
  if (BU(a$F, B + $FB, $ARGC, st) !== 0) { st = R[3]; $SUSPEND }
  $REFRESH
  st = R[3];
  $RELOAD_F
} else $SUSPEND
