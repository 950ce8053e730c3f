// functions can be compared with == but not ordered
let f = fn() { 1 };
puts(f == f);
f > f
