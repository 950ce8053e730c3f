// MakeCell: a fresh cell holding local $L's current value (the runtime allocates it, from
// the local's memory slot, and leaves the cell there).
$SPILL_L
$SAVE_STEPS
a$L = rt.rt_tpl_make_cell(B + $LB); t$L = $CELL; b$L = 0;
$LOAD_STEPS
