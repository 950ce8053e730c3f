// call arguments and binary operands are evaluated left to right
let log = [];
let t = fn(x) { log = push(log, x); x };
let f = fn(a, b, c) { a * 100 + b * 10 + c };
puts(f(t(1), t(2), t(3)));
puts(t(5) - t(2));
log
