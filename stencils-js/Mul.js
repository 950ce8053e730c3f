// Mul: inline when both fit in 32 bits and the product is a safe integer (so the double
// is exact); otherwise the slow path computes the wrapped 64-bit product.
if (t$X === $INT && t$Y === $INT && b$X === a$X >> 31 && b$Y === a$Y >> 31 && Math.abs(a$X * a$Y) <= 9007199254740991) {
  const r = a$X * a$Y;
  a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
} else {
  $SLOW_BINARY
}
