// Mod: sign of the dividend, as JS `%`, exact on integers that are safe as doubles (high
// halves within ±2^21); zero divisor and wider integers to the slow path.
if (t$X === $INT && t$Y === $INT && (b$X + 2097152) >>> 0 < 4194304 && (b$Y + 2097152) >>> 0 < 4194304 && (a$Y !== 0 || b$Y !== 0)) {
  const r = (b$X * 4294967296 + (a$X >>> 0)) % (b$Y * 4294967296 + (a$Y >>> 0));
  a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
} else {
  $SLOW_BINARY
}
