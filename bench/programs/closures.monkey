// Closures in a loop: a counter that mutates its captured variable, and adders.
let N = 800000;

let makeCounter = fn() {
  let count = 0;
  fn() { count += 1; count }
};
let makeAdder = fn(k) { fn(x) { x + k } };

let run = fn(n) {
  let counter = makeCounter();
  let adders = [makeAdder(1), makeAdder(2), makeAdder(3)];
  let total = 0;
  for (i in 0..n) {
    let add = adders[i % 3];
    total = add(total) + counter() % 10;
  }
  [total, counter()]
};
puts(run(N));
