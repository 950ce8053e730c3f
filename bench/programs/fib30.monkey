// Recursive Fibonacci: fib(30) = 832040, about 2.7 million calls.
let N = 30;

let fib = fn(n) {
  if (n < 2) { n } else { fib(n - 1) + fib(n - 2) }
};
puts(fib(N));
