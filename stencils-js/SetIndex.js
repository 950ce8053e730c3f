// SetIndex: array[int] = value in place when the index is in range; everything else
// (hashes, errors) in the runtime.
if (t$X === $ARRAY && t$Y === $INT && b$Y === 0 && a$Y >>> 0 < H32[(H32[$TABLE] >>> 2) + 2 * a$X + 1] >>> 0) {
  const p = (H32[(H32[$TABLE] >>> 2) + 2 * a$X] >>> 2) + 4 * a$Y;
  H32[p] = t$Z; H32[p + 2] = a$Z; H32[p + 3] = b$Z;
} else {
  $SPILL_X
  $SPILL_Y
  $SPILL_Z
  $SAVE_STEPS
  if (rt.rt_tpl_set_index(B + $XB) !== 0) {
    $LOAD_STEPS
    $SUSPEND
  }
  $LOAD_STEPS
}
