// Not: only false and null are falsy (a boolean's payload is its low byte).
a$X = t$X === $NULL || (t$X === $BOOL && (a$X & 255) === 0) ? 1 : 0; t$X = $BOOL; b$X = 0;
