// Twin of programs/array_sum.monkey.
const N = 1200000;

export function main(print) {
  const a = new Array(N).fill(0);
  for (let i = 0; i < N; i++) a[i] = (i * 7919) % 10007;
  let sum = 0;
  for (const x of a) sum += x;
  print(a.length);
  print(sum);
}
