// Hash: the runtime makes a hash of the $ARG key/value pairs from slot $X up; a key that
// cannot be one is reported by the interpreter.
$SPILL_ITEMS
$SAVE_STEPS
if (rt.rt_tpl_hash(B + $XB, $ARG) !== 0) {
  $LOAD_STEPS
  $SUSPEND
}
$LOAD_STEPS
$RELOAD_X
