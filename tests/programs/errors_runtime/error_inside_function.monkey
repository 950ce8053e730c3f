// an error inside a function points at the failing operation, not at the call
let safeDiv = fn(a, b) {
  a / b
};
puts(safeDiv(10, 2));
puts(safeDiv(1, 0));
puts("not printed");
