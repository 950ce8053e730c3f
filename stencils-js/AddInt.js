// AddInt (variant of Add): both operands are known to be integers (`types.rs`), so only
// Add's fast path: the low halves as unsigned, the carry into the high halves.
{
  const l = (a$X >>> 0) + (a$Y >>> 0);
  b$X = (b$X + b$Y + (l > 4294967295 ? 1 : 0)) | 0; a$X = l | 0;
}
