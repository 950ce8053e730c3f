// Twin of programs/branchy.monkey.
const N = 800000;

function tally(n) {
  let fizzbuzz = 0;
  let buzz = 0;
  let fizz = 0;
  let small = 0;
  let other = 0;
  for (let i = 1; i <= n; i++) {
    if (i % 15 === 0) fizzbuzz++;
    else if (i % 5 === 0) buzz++;
    else if (i % 3 === 0) fizz++;
    else if (i % 7 < 3) small += i % 7;
    else other++;
  }
  return [fizzbuzz, buzz, fizz, small, other];
}

export function main(print) {
  print(`[${tally(N).join(', ')}]`);
}
