// Add: integers whose halves say they fit in 32 bits add inline (the sum needs at most
// 33 bits, so the double is exact and splits into halves directly); everything else
// (strings, wide integers, type errors) takes the shared slow path.
if (t$X === $INT && t$Y === $INT && b$X === a$X >> 31 && b$Y === a$Y >> 31) {
  const r = a$X + a$Y;
  a$X = r | 0; b$X = r < 0 ? -1 : 0;
} else {
  $SLOW_BINARY
}
