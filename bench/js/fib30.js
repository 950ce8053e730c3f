// Twin of programs/fib30.monkey.
const N = 30;

const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));

export function main(print) {
  print(fib(N));
}
