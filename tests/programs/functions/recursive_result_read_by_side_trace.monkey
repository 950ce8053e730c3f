// Found in review: a side trace of a recursive function's trace, attached between the
// recursive call and the use of its result, must take the result from the call (the
// typed trace passes it in a JS value and never writes it to the VM stack).
let f = fn(n, k) {
  if (n < 1) { return 0; }
  return f(n - 1, k) + (if (k == 0) { 1 } else { 2 });
};
let w = fn(n, k) { let i = 0; while (i < 20) { f(n, k); i = i + 1; } };
w(3, 1); w(0, 1); w(1, 1); w(2, 1); w(1, 0); w(2, 0);
puts(f(2, 0)); puts(f(3, 0)); puts(f(6, 0)); puts(f(20, 0)); puts(f(20, 1)); puts(f(7, 0));
