// SetLocal: pop into local $L.
t$L = t$X; a$L = a$X; b$L = b$X;
