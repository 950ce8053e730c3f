// Call: the callee (slot $F) and its $ARGC arguments go to memory, where they become the
// callee's frame. A compiled closure is called directly, as a JS call; it leaves its
// result in the callee slot. Anything unusual (not compiled yet, wrong arity, no stack
// room, depth budget, steps, a collection wanted) lets the interpreter do the call;
// a callee that hands over to the interpreter makes this frame hand over too, resuming
// after the call.
$SPILL_CALL
if (t$F === $CLOSURE) {
  const p = H32[(H32[$TABLE] >> 2) + 2 * a$F], g = T[p];
  if (g === undefined || PI[2 * p] !== $ARGC || D >= H32[$CAP] || B + $CALLEE + PI[2 * p + 1] > H32[$SEND] || F64[$STEPS] === 0 || H32[$GCW] !== 0) $SUSPEND
  F64[$STEPS] -= 1;
  if (g(B + $CALLEE, a$F, D + 1) !== 0) $SUSPEND_AFTER
  $REFRESH
  $RELOAD_F
} else if (t$F === $BUILTIN) {
  if (F64[$STEPS] === 0 || rt.rt_tpl_builtin(a$F, B + $FB, $ARGC) !== 0) $SUSPEND
  F64[$STEPS] -= 1;
  $REFRESH
  $RELOAD_F
} else $SUSPEND
