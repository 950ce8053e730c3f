// GtEqInt (variant of GtEq): both operands are known to be integers (`types.rs`): the
// high halves signed, then the low halves unsigned, with no type test.
a$X = b$X > b$Y || (b$X === b$Y && a$X >>> 0 >= a$Y >>> 0) ? 1 : 0; t$X = $BOOL; b$X = 0;
