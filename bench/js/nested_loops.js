// Twin of programs/nested_loops.monkey.
const N = 1400;

function table(n) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) total += (i * j + i) % 7;
  }
  return total;
}

export function main(print) {
  print(table(N));
}
