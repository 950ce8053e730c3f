// Twin of programs/collatz.monkey.
const N = 15000;

function longest(n) {
  let best = 0;
  let bestStart = 0;
  for (let start = 1; start < n; start++) {
    let x = start;
    let steps = 0;
    while (x !== 1) {
      x = x % 2 === 0 ? x / 2 : 3 * x + 1;
      steps++;
    }
    if (steps > best) {
      best = steps;
      bestStart = start;
    }
  }
  return [bestStart, best];
}

export function main(print) {
  print(`[${longest(N).join(', ')}]`);
}
