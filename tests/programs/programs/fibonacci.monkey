// Fibonacci three ways: naive recursion, memoised in a hash, iterative (fib(93) wraps around)
let slow = fn(n) { if (n < 2) { n } else { slow(n - 1) + slow(n - 2) } };
let memo = {};
let fast = fn(n) {
  if (n < 2) { return n; }
  let m = memo[n];
  if (m != null) { return m; }
  let v = fast(n - 1) + fast(n - 2);
  memo[n] = v;
  v
};
let iter = fn(n) {
  let a = 0;
  let b = 1;
  for (i in 0..n) {
    let t = a + b;
    a = b;
    b = t;
  }
  a
};
puts(slow(18));
puts(fast(90));
puts(iter(90));
puts(iter(92));
iter(93)
