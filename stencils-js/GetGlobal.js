// GetGlobal: push global $ARG from memory (a callee may change it; in a function that
// calls no Monkey code, GetGlobalReg.js reads it from JS variables instead).
t$R = H8[$GB]; a$R = H32[$G4 + 2]; b$R = H32[$G4 + 3];
