// Twin of programs/loop_sum.monkey.
const N = 3000000;

export function main(print) {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += i;
  print(sum);
}
