// Recursive Fibonacci: about 240,000 calls and no loop. After
// `hotFunc` calls (100 by default) the trace tier records the
// function itself, from its entry to its return; the recursive
// calls become calls of the compiled trace. Look at the Trace
// IR and Trace JS tabs, then compare the tiers.
let fib = fn(n) {
  if (n < 2) { n } else { fib(n - 1) + fib(n - 2) }
};
puts(fib(25));
