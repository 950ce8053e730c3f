// CallBuiltin (variant of Call): a call whose callee this block pushed with
// `GetBuiltin`. Only the builtin path of `Call`: the $ARGC arguments go to memory
// (the callee slot need not: the builtin writes its result there, and a hand-over
// writes the whole operand stack), `BU` takes the step and calls it (see Call.js).
$SPILL_CALL
if (BU(a$F, B + $FB, $ARGC, st) !== 0) { st = R[3]; $SUSPEND }
$REFRESH
st = R[3];
$RELOAD_F
