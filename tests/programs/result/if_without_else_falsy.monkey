// a top-level if without else whose condition is falsy gives null
1;
if (false) { 2 }
