// Twin of programs/sieve.monkey.
const N = 1000000;

function sieve(n) {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  let largest = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    largest = i;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  return [count, largest];
}

export function main(print) {
  print(`[${sieve(N).join(', ')}]`);
}
