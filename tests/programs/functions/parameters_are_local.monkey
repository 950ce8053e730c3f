// parameters are local bindings: assigning one does not change the caller's variable
let x = 10;
let f = fn(x) { x = x + 1; x };
puts(f(1));
puts(x);
let g = fn(a) { a = [0]; a };
let arr = [5];
puts(g(arr));
arr
