// calling a function with too many arguments
let f = fn() { 1 };
puts(f());
f(1, 2, 3)
