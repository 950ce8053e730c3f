// map, filter and reduce written in Monkey, applied to a 1,000-element array N times.
let N = 500;

let map = fn(a, f) {
  let out = array(len(a), null);
  for (let i = 0; i < len(a); i += 1) {
    out[i] = f(a[i]);
  }
  out
};
let filter = fn(a, keep) {
  let kept = array(len(a), null);
  let k = 0;
  for (x in a) {
    if (keep(x)) {
      kept[k] = x;
      k += 1;
    }
  }
  let out = array(k, null);
  for (let i = 0; i < k; i += 1) {
    out[i] = kept[i];
  }
  out
};
let reduce = fn(a, f, acc) {
  for (x in a) {
    acc = f(acc, x);
  }
  acc
};
let range = fn(n) {
  let a = array(n, 0);
  for (let i = 0; i < n; i += 1) {
    a[i] = i;
  }
  a
};

let xs = range(1000);
let total = 0;
for (round in 0..N) {
  let ys = map(xs, fn(x) { x * x + round });
  let evens = filter(ys, fn(y) { y % 2 == 0 });
  total = (total + reduce(evens, fn(acc, y) { acc + y % 1000 }, 0)) % 1000000007;
}
puts(total);
