// SubInt (variant of Sub): both operands are known to be integers (`types.rs`), so only
// Sub's fast path: the low halves as unsigned, the borrow from the high halves.
{
  const l = (a$X >>> 0) - (a$Y >>> 0);
  b$X = (b$X - b$Y - (l < 0 ? 1 : 0)) | 0; a$X = l | 0;
}
