// Mod: sign of the dividend, as JS `%` on integers; zero divisor to the slow path.
if (t$X === $INT && t$Y === $INT && b$X === a$X >> 31 && b$Y === a$Y >> 31 && a$Y !== 0) {
  const r = a$X % a$Y;
  a$X = r | 0; b$X = r < 0 ? -1 : 0;
} else {
  $SLOW_BINARY
}
