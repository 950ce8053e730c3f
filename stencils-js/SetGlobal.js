// SetGlobal: pop into global $ARG (the tag as a whole word, so its padding is zero).
H32[$G4] = t$X; H32[$G4 + 2] = a$X; H32[$G4 + 3] = b$X;
