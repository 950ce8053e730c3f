// closures capture parameters
let adder = fn(n) { fn(x) { x + n } };
let add2 = adder(2);
let add10 = adder(10);
puts(add2(5));
puts(add10(5));
adder(100)(1)
