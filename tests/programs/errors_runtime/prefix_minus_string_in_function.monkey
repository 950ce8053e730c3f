// unary minus on a string, inside a function: the error points inside the function body
let neg = fn(v) {
  -v
};
puts(neg(5));
neg("five")
