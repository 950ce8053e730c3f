// a function body cannot refer to a global that is bound later in the source
let f = fn() { g() };
let g = fn() { 1 };
f()
