// calling a function with too few arguments
let add = fn(a, b) { a + b };
add(1)
