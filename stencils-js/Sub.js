// Sub: as Add.
if (t$X === $INT && t$Y === $INT && b$X === a$X >> 31 && b$Y === a$Y >> 31) {
  const r = a$X - a$Y;
  a$X = r | 0; b$X = r < 0 ? -1 : 0;
} else {
  $SLOW_BINARY
}
