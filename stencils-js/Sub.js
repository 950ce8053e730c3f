// Sub: as Add, with a borrow from the high halves.
if (t$X === $INT && t$Y === $INT) {
  const l = (a$X >>> 0) - (a$Y >>> 0);
  b$X = (b$X - b$Y - (l < 0 ? 1 : 0)) | 0; a$X = l | 0;
} else {
  $SLOW_BINARY
}
