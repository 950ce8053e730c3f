// SetGlobalReg (variant of SetGlobal): pop into the JS variables that hold global $ARG
// (see GetGlobalReg.js); memory gets the value when control leaves the function.
g$ARGt = t$X; g$ARGa = a$X; g$ARGb = b$X;
