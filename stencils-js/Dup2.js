// Dup2: `a b` -> `a b a b` (slots $X $Y copied to $R $S).
t$R = t$X; a$R = a$X; b$R = b$X;
t$S = t$Y; a$S = a$Y; b$S = b$Y;
