// Mod: sign of the dividend, as JS `%`. Operands that fit in int32 (high half the sign of
// the low) take V8's integer remainder: a double `%` is a call to fmod, ten times slower.
// The result's magnitude is below the divisor's, so it fits too (`| 0` keeps it an int32
// for V8; a -0 would be stored as 0 anyway). Wider integers that are safe as doubles
// (high halves within ±2^21) use the double `%`, exact there; a zero divisor and wider
// integers go to the slow path.
if ($INTS && b$X === a$X >> 31 && b$Y === a$Y >> 31 && a$Y !== 0) {
  a$X = (a$X % a$Y) | 0; b$X = a$X >> 31;
} else if ($INTS && (b$X + 2097152) >>> 0 < 4194304 && (b$Y + 2097152) >>> 0 < 4194304 && (a$Y !== 0 || b$Y !== 0)) {
  const r = (b$X * 4294967296 + (a$X >>> 0)) % (b$Y * 4294967296 + (a$Y >>> 0));
  a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
} else {
  $SLOW_BINARY
}
