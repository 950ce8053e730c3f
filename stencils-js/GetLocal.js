// GetLocal: push local $L (locals live in JS variables while the frame runs here).
t$R = t$L; a$R = a$L; b$R = b$L;
