// calling the result of a call, and calling through an index
let curry = fn(a) { fn(b) { fn(c) { a * b * c } } };
puts(curry(2)(3)(4));
let table = [fn(x) { x + 1 }, fn(x) { x * 10 }];
table[1](table[0](4))
