// 20! fits in an i64; 21! wraps around
let fact = fn(n) { if (n < 2) { 1 } else { n * fact(n - 1) } };
puts(fact(20));
fact(21)
