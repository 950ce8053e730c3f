// strings have no *
let a = "x";
let b = "y";
a * b
