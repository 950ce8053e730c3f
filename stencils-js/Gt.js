// Gt: as Lt.
if (t$X === $INT && t$Y === $INT) {
  a$X = b$X > b$Y || (b$X === b$Y && a$X >>> 0 > a$Y >>> 0) ? 1 : 0; t$X = $BOOL; b$X = 0;
} else {
  $SLOW_BINARY
}
