// Div: truncating. Integers that are safe as doubles (high halves within ±2^21) divide
// inline: for |x| < 2^53 the rounding of x / y never reaches the next integer, so
// Math.trunc gives the exact quotient. Division by zero goes to the slow path, which
// reports it.
if (t$X === $INT && t$Y === $INT && (b$X + 2097152) >>> 0 < 4194304 && (b$Y + 2097152) >>> 0 < 4194304 && (a$Y !== 0 || b$Y !== 0)) {
  const r = Math.trunc((b$X * 4294967296 + (a$X >>> 0)) / (b$Y * 4294967296 + (a$Y >>> 0)));
  a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
} else {
  $SLOW_BINARY
}
