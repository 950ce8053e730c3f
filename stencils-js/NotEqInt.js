// NotEqInt (variant of NotEq): both operands are known to be integers (`types.rs`): a
// differing half, with no type test.
a$X = a$X !== a$Y || b$X !== b$Y ? 1 : 0; t$X = $BOOL; b$X = 0;
