// Twin of programs/calls.monkey.
const N = 600000;

const square = (x) => x * x;
const add = (a, b) => a + b;
const clamp = (x, lo, hi) => (x < lo ? lo : x > hi ? hi : x);

export function main(print) {
  let acc = 0;
  for (let i = 0; i < N; i++) {
    acc = add(acc, clamp(square(i % 1000), 100, 500000)) % 1000000007;
  }
  print(acc);
}
