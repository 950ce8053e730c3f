// a function refers to itself through its own let binding
let fib = fn(n) { if (n < 2) { n } else { fib(n - 1) + fib(n - 2) } };
puts(fib(0), fib(1), fib(10));
let fact = fn(n) { if (n == 0) { 1 } else { n * fact(n - 1) } };
fib(20) + fact(10)
