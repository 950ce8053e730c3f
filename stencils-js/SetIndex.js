// SetIndex: array[int] = value in place when the index is in range; a packed array (see
// Index.js for the table's length word of each kind) takes a value of its kind in place:
// an integer (a double: from -(2^53 - 2^32) to 2^53 - 1 here, the rest of ±(2^53 - 1) in the
// runtime) or a boolean (a byte). Everything else (hashes, errors, a store that unpacks
// an array) in the runtime.
s$X: {
  if (t$X === $ARRAY && t$Y === $INT && b$Y === 0) {
    const e = (H32[$TABLE] >>> 2) + 2 * a$X;
    if (a$Y >>> 0 < H32[e + 1]) {
      const p = (H32[e] >>> 2) + 4 * a$Y;
      H32[p] = t$Z; H32[p + 2] = a$Z; H32[p + 3] = b$Z;
      break s$X;
    }
    if (t$Z === $INT && a$Y >>> 0 < ~H32[e + 1] && (b$Z + 2097151) >>> 0 < 4194303) {
      F64[(((H32[e] >>> 0) + $INTS_AT) >>> 3) + a$Y] = b$Z * 4294967296 + (a$Z >>> 0);
      break s$X;
    }
    if (t$Z === $BOOL && (H32[e] & 7) === $KIND_BOOLS && a$Y >>> 0 < H32[H32[e] >>> 2] >>> 0) {
      H8[(H32[e] >>> 0) + $BOOLS_AT + a$Y] = a$Z & 255;
      break s$X;
    }
  }
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
