// RangeCheck: both range bounds must be integers; the interpreter reports it otherwise.
if (t$X !== $INT || t$Y !== $INT) $SUSPEND
