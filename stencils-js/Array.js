// Array: the runtime makes an array of the $ARG values from slot $X up (in memory).
$SPILL_ITEMS
$SAVE_STEPS
a$X = rt.rt_tpl_array(B + $XB, $ARG); t$X = $ARRAY; b$X = 0;
$LOAD_STEPS
