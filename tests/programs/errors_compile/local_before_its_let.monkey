// inside a function, a local is not visible before its let
let f = fn() {
  let a = b + 1;
  let b = 2;
  a
};
