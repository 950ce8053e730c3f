// calling an integer; the error points at the (
let x = 5;
x(1)
