// Neg: 32-bit integers other than -2^31 negate inline; the rest (wrap-around, errors)
// in the interpreter.
if (t$X === $INT && b$X === a$X >> 31 && a$X !== -2147483648) {
  a$X = -a$X | 0; b$X = a$X >> 31;
} else {
  $SUSPEND
}
