// let inside a function makes a local; assignment without let reaches the global
let n = 1;
let f = fn() { let n = 2; n };
puts(f());
puts(n);
let g = fn() { n = 3; n };
puts(g());
n
