// CallLen (variant of Call): `len(x)` where this block pushed the callee with
// `GetBuiltin` of `len`. An array's length is read from the JIT table inline, with no
// call into Wasm; any other argument takes the builtin path (CallBuiltin.js). $A is
// the argument's slot.
if (t$A === $ARRAY) {
  if (st === 0) $SUSPEND
  st -= 1;
  // A packed array's length is its buffer's first word (the table's is 0 or ~length).
  const e = (H32[$TABLE] >>> 2) + 2 * a$A;
  t$F = $INT; a$F = (H32[e] & 7) === 0 ? H32[e + 1] : H32[H32[e] >>> 2]; b$F = 0;
} else {
  $SPILL_CALL
  if (BU(a$F, B + $FB, 1, st) !== 0) { st = R[3]; $SUSPEND }
  $REFRESH
  st = R[3];
  $RELOAD_F
}
