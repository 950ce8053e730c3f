// NotEq: as Eq, negated.
if (t$X === $INT && t$Y === $INT) {
  a$X = a$X !== a$Y || b$X !== b$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
} else if (t$X !== t$Y) {
  a$X = 1; t$X = $BOOL; b$X = 0;
} else if (t$X === $BOOL || t$X === $BUILTIN) {
  a$X = (a$X & 255) !== (a$Y & 255) ? 1 : 0; t$X = $BOOL; b$X = 0;
} else if (t$X !== $STR || a$X === a$Y) {
  a$X = t$X === $NULL || a$X === a$Y ? 0 : 1; t$X = $BOOL; b$X = 0;
} else {
  $SLOW_BINARY
}
