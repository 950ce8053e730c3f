// defining and calling functions, including a literal called on the spot
let add = fn(a, b) { a + b };
let square = fn(x) { x * x };
puts(add(2, 3));
puts(square(add(1, 2)));
puts(fn(x) { x + 1 }(41));
add(square(3), square(4))
