// ToBool: the truthiness of the top value as a boolean.
a$X = t$X === $NULL || (t$X === $BOOL && (a$X & 255) === 0) ? 0 : 1; t$X = $BOOL; b$X = 0;
