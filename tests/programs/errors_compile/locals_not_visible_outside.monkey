// parameters and locals of a function are not visible outside it
let f = fn(p) { let q = p; q };
f(1);
p + q
