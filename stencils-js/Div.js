// Div: truncating; 32-bit operands divide inline (the quotient of two int32 values is
// exact after Math.trunc); division by zero goes to the slow path, which reports it.
if (t$X === $INT && t$Y === $INT && b$X === a$X >> 31 && b$Y === a$Y >> 31 && a$Y !== 0) {
  const r = Math.trunc(a$X / a$Y);
  a$X = r | 0; b$X = r < 0 ? -1 : 0;
} else {
  $SLOW_BINARY
}
