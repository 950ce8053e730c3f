// Twin of programs/closures.monkey.
const N = 800000;

function makeCounter() {
  let count = 0;
  return () => ++count;
}
const makeAdder = (k) => (x) => x + k;

export function main(print) {
  const counter = makeCounter();
  const adders = [makeAdder(1), makeAdder(2), makeAdder(3)];
  let total = 0;
  for (let i = 0; i < N; i++) {
    total = adders[i % 3](total) + (counter() % 10);
  }
  print(`[${total}, ${counter()}]`);
}
