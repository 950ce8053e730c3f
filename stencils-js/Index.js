// Index: array[int] reads the element in place (JIT table: elements pointer, length);
// past the end or negative is null. Strings, hashes and errors: the slow path.
if (t$X === $ARRAY && t$Y === $INT) {
  const e = (H32[$TABLE] >>> 2) + 2 * a$X;
  if (b$Y === 0 && a$Y >>> 0 < H32[e + 1] >>> 0) {
    const p = (H32[e] >>> 2) + 4 * a$Y;
    t$X = H8[p * 4]; a$X = H32[p + 2]; b$X = H32[p + 3];
  } else {
    t$X = $NULL; a$X = 0; b$X = 0;
  }
} else {
  $SLOW_BINARY
}
