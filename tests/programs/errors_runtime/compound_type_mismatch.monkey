// a compound assignment's operator error points at the += token and names the plain operator
let s = "count: ";
s += 1;
