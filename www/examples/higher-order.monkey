// map, filter and reduce written in Monkey and applied with
// closures: calls through function values that the trace
// inlines when they stay the same.
let map = fn(a, f) {
  let out = array(len(a), null);
  for (let i = 0; i < len(a); i += 1) {
    out[i] = f(a[i]);
  }
  out
};
let filter = fn(a, keep) {
  let out = [];
  for (x in a) {
    if (keep(x)) { out = push(out, x); }
  }
  out
};
let reduce = fn(a, f, acc) {
  for (x in a) {
    acc = f(acc, x);
  }
  acc
};

let xs = array(500, 0);
for (i in 0..500) { xs[i] = i; }
let total = 0;
for (round in 0..20) {
  let ys = map(xs, fn(x) { x * x + round });
  let evens = filter(ys, fn(y) { y % 2 == 0 });
  total = (total + reduce(evens, fn(acc, y) { acc + y % 1000 }, 0)) % 1000000007;
}
puts(total);
