// GetGlobalReg (variant of GetGlobal): push global $ARG from the JS variables that hold it
// in a function that calls no Monkey code (see `promoted_globals` in
// src/template/compile.rs): nothing else can read or write it while this code runs, so
// it is read from memory once at entry and written back wherever control leaves.
t$R = g$ARGt; a$R = g$ARGa; b$R = g$ARGb;
