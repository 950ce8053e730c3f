// Add: two integers add inline with exact 64-bit wrap-around: the low halves as unsigned
// (their sum, below 2^33, is exact in a double) and the carry into the high halves.
// Everything else (strings, type errors) takes the shared slow path.
if (t$X === $INT && t$Y === $INT) {
  const l = (a$X >>> 0) + (a$Y >>> 0);
  b$X = (b$X + b$Y + (l > 4294967295 ? 1 : 0)) | 0; a$X = l | 0;
} else {
  $SLOW_BINARY
}
