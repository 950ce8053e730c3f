// GetGlobal: push global $ARG (globals always live in memory: callees may change them).
t$R = H8[$GB]; a$R = H32[$G4 + 2]; b$R = H32[$G4 + 3];
