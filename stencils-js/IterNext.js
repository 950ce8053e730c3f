// IterNext: push the next element of local $C and advance cursor $U, or leave the loop
// for $TARGET. Arrays inline (each kind as in Index.js: values, integers, booleans);
// strings (one character per step) in the runtime.
if (t$C === $ARRAY) {
  const e = (H32[$TABLE] >>> 2) + 2 * a$C;
  if (a$U >>> 0 < H32[e + 1]) {
    const p = (H32[e] >>> 2) + 4 * a$U;
    t$R = H8[p * 4]; a$R = H32[p + 2]; b$R = H32[p + 3];
    a$U = (a$U + 1) | 0;
  } else if (a$U >>> 0 < ~H32[e + 1]) {
    const x = F64[(((H32[e] >>> 0) + $INTS_AT) >>> 3) + a$U];
    t$R = $INT; a$R = x | 0; b$R = a$R === x ? a$R >> 31 : Math.floor(x / 4294967296) | 0;
    a$U = (a$U + 1) | 0;
  } else if ((H32[e] & 7) === $KIND_BOOLS && a$U >>> 0 < H32[H32[e] >>> 2] >>> 0) {
    t$R = $BOOL; a$R = H8[(H32[e] >>> 0) + $BOOLS_AT + a$U]; b$R = 0;
    a$U = (a$U + 1) | 0;
  } else $JUMP
} else {
  $SPILL_C
  $SPILL_U
  $SAVE_STEPS
  const more = rt.rt_tpl_iter_next(B + $CB, B + $UB, B + $RB);
  $LOAD_STEPS
  $RELOAD_U
  if (more === 0) $JUMP
  $RELOAD_R
}
