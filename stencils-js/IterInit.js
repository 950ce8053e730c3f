// IterInit: an array or string goes to local $C, its cursor (local $U) starts at 0.
if (t$X !== $ARRAY && t$X !== $STR) $SUSPEND
t$C = t$X; a$C = a$X; b$C = b$X;
t$U = $INT; a$U = 0; b$U = 0;
