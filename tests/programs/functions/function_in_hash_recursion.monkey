// a recursive function stored in a hash and called through it
let m = {};
m["fact"] = fn(n) { if (n < 2) { 1 } else { n * m["fact"](n - 1) } };
m["fact"](12)
