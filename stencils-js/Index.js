// Index: array[int] reads the element in place (JIT table: elements pointer, length);
// past the end or negative is null. A packed array (the pointer's low bits are its kind;
// the table's length is 0, its own is the buffer's first word) holds a boolean a byte.
// Strings, hashes and errors: the slow path.
if (t$X === $ARRAY && t$Y === $INT) {
  const e = (H32[$TABLE] >>> 2) + 2 * a$X;
  if (b$Y === 0 && a$Y >>> 0 < H32[e + 1] >>> 0) {
    const p = (H32[e] >>> 2) + 4 * a$Y;
    t$X = H8[p * 4]; a$X = H32[p + 2]; b$X = H32[p + 3];
  } else if ((H32[e] & 7) !== 0 && b$Y === 0 && a$Y >>> 0 < H32[H32[e] >>> 2] >>> 0) {
    t$X = $BOOL; a$X = H8[(H32[e] >>> 0) + $BOOLS_AT + a$Y]; b$X = 0;
  } else {
    t$X = $NULL; a$X = 0; b$X = 0;
  }
} else {
  $SLOW_BINARY
}
