// Closure: the runtime makes a closure of function $ARG; the locals it captures go to
// memory first (the runtime wraps any that is not a cell yet) and are read back.
$SPILL_CAPTURES
$SAVE_STEPS
a$R = rt.rt_tpl_closure($ARG, C, B); t$R = $CLOSURE; b$R = 0;
$LOAD_STEPS
$RELOAD_CAPTURES
