// names are looked up in the function, the enclosing functions and the top level
let g = 1;
let outer = fn(a) {
  let inner = fn(b) { a + b + g + h };
  inner
};
