// a loop is a statement with no value: a function ending in a loop returns null
let f = fn() { for (i in 0..3) { i } };
let g = fn() { let i = 0; while (i < 2) { i += 1; i } };
puts(f());
g()
