// Small functions called from a hot loop: three calls per iteration.
let N = 600000;

let square = fn(x) { x * x };
let add = fn(a, b) { a + b };
let clamp = fn(x, lo, hi) {
  if (x < lo) { lo } else if (x > hi) { hi } else { x }
};

let run = fn(n) {
  let acc = 0;
  for (let i = 0; i < n; i += 1) {
    acc = add(acc, clamp(square(i % 1000), 100, 500000)) % 1000000007;
  }
  acc
};
puts(run(N));
