// Closures in a hot loop: a counter that mutates its captured
// variable, and adders picked from an array. The trace inlines
// the calls and reads and writes the captured variable in
// place.
let makeCounter = fn() {
  let count = 0;
  fn() { count += 1; count }
};
let makeAdder = fn(k) { fn(x) { x + k } };

let counter = makeCounter();
let adders = [makeAdder(1), makeAdder(2), makeAdder(3)];
let total = 0;
for (i in 0..30000) {
  let add = adders[i % 3];
  total = add(total) + counter() % 10;
}
puts(total, counter());
