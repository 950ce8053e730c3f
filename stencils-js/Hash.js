// Hash: the runtime makes a hash of the $ARG key/value pairs from slot $X up; a key that
// cannot be one is reported by the interpreter.
$SPILL_ITEMS
if (rt.rt_tpl_hash(B + $XB, $ARG) !== 0) $SUSPEND
$REFRESH
$RELOAD_X
