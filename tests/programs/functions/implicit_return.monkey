// a function returns its body's value: the last statement if it is an expression statement, else null
let a = fn() { 1; 2; 3 };
let b = fn() { let x = 5; };
let c = fn() { };
let d = fn() { let x = 5; x };
let e = fn(x) { if (x) { "yes" } };
puts(a(), b(), c(), d(), e(true), e(false));
let f = fn() { let i = 0; while (i < 3) { i += 1; } };
f()
