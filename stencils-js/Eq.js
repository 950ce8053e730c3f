// Eq: integers compare both halves; values of different types are unequal; booleans and
// builtins compare their payload byte; null equals null; arrays, hashes and closures are
// equal when they are the same object; strings are equal when they are the same string,
// and otherwise ask the runtime (which compares their text).
if (t$X === $INT && t$Y === $INT) {
  a$X = a$X === a$Y && b$X === b$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
} else if (t$X !== t$Y) {
  a$X = 0; t$X = $BOOL; b$X = 0;
} else if (t$X === $BOOL || t$X === $BUILTIN) {
  a$X = (a$X & 255) === (a$Y & 255) ? 1 : 0; t$X = $BOOL; b$X = 0;
} else if (t$X !== $STR || a$X === a$Y) {
  a$X = t$X === $NULL || a$X === a$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
} else {
  $SLOW_BINARY
}
