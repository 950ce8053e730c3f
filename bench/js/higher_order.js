// Twin of programs/higher_order.monkey, with the built-in Array methods.
const N = 500;

export function main(print) {
  const xs = Array.from({ length: 1000 }, (_, i) => i);
  let total = 0;
  for (let round = 0; round < N; round++) {
    const evens = xs.map((x) => x * x + round).filter((y) => y % 2 === 0);
    total = (total + evens.reduce((acc, y) => acc + (y % 1000), 0)) % 1000000007;
  }
  print(total);
}
