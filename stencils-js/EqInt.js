// EqInt (variant of Eq): both operands are known to be integers (`types.rs`): equal
// halves, with no type test.
a$X = a$X === a$Y && b$X === b$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
