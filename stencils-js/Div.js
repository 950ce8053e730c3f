// Div: truncating. Operands that fit in int32 (high half the sign of the low) take V8's
// integer division, `(x / y) | 0`: for |x| < 2^31 the double quotient is within 2^-22 of
// the true one, never across an integer, and `| 0` truncates it. Except x / -1, whose
// quotient -(-2^31) does not fit. Integers that are safe as doubles (high halves within
// ±2^21) divide as doubles: for |x| < 2^53 the rounding of x / y never reaches the next
// integer, so Math.trunc gives the exact quotient. Division by zero goes to the slow
// path, which reports it.
if ($INTS && b$X === a$X >> 31 && b$Y === a$Y >> 31 && a$Y !== 0 && a$Y !== -1) {
  a$X = (a$X / a$Y) | 0; b$X = a$X >> 31;
} else if ($INTS && (b$X + 2097152) >>> 0 < 4194304 && (b$Y + 2097152) >>> 0 < 4194304 && (a$Y !== 0 || b$Y !== 0)) {
  const r = Math.trunc((b$X * 4294967296 + (a$X >>> 0)) / (b$Y * 4294967296 + (a$Y >>> 0)));
  a$X = r | 0; b$X = Math.floor(r / 4294967296) | 0;
} else {
  $SLOW_BINARY
}
