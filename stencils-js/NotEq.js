// NotEq: as Eq, negated.
if (t$X === $INT && t$Y === $INT) {
  a$X = a$X !== a$Y || b$X !== b$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
} else if (t$X === $BOOL && t$Y === $BOOL) {
  a$X = (a$X & 255) !== (a$Y & 255) ? 1 : 0; b$X = 0;
} else {
  $SLOW_BINARY
}
