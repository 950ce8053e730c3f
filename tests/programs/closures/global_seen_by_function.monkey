// functions read the current value of a global assigned after they were made
let factor = 2;
let scale = fn(x) { x * factor };
puts(scale(10));
factor = 5;
scale(10)
