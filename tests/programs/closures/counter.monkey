// a closure-based counter keeps its own state; two counters are independent
let makeCounter = fn() {
  let count = 0;
  fn() { count += 1; count }
};
let c1 = makeCounter();
let c2 = makeCounter();
puts(c1());
puts(c1());
puts(c2());
puts(c1());
c2()
