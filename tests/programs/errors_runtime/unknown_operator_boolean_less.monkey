// booleans support == and != but not <
let a = true;
let b = false;
a < b
