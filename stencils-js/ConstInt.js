// ConstInt (variant of Const): push an integer constant known at compile time, as its
// two 32-bit halves.
t$R = $INT; a$R = $LO; b$R = $HI;
