// unary minus needs an integer; the error points at the - token
let flag = true;
let x = -flag;
