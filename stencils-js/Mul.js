// Mul: integers that are safe as doubles (high halves within ±2^21) multiply inline when
// the product is safe too, so the double is exact; otherwise (`r` stays NaN, or the
// product is too wide) the slow path computes the wrapped 64-bit product.
{
  let r = NaN;
  if ($INTS && (b$X + 2097152) >>> 0 < 4194304 && (b$Y + 2097152) >>> 0 < 4194304) r = (b$X * 4294967296 + (a$X >>> 0)) * (b$Y * 4294967296 + (a$Y >>> 0));
  if (r >= -9007199254740991 && r <= 9007199254740991) {
    a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
  } else {
    $SLOW_BINARY
  }
}
