// functions as arguments and results: map, filter, reduce
let map = fn(a, f) {
  let out = [];
  for (x in a) { out = push(out, f(x)); }
  out
};
let filter = fn(a, p) {
  let out = [];
  for (x in a) { if (p(x)) { out = push(out, x); } }
  out
};
let reduce = fn(a, init, f) {
  let acc = init;
  for (x in a) { acc = f(acc, x); }
  acc
};
let nums = [1, 2, 3, 4, 5, 6];
let evens = filter(nums, fn(x) { x % 2 == 0 });
puts(evens);
puts(map(evens, fn(x) { x * x }));
reduce(map(nums, fn(x) { x * 10 }), 0, fn(a, b) { a + b })
