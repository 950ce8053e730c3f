// a loop inside a function called many times starts fresh each call
let sumTo = fn(n) {
  let s = 0;
  for (let i = 1; i <= n; i += 1) { s += i; }
  s
};
let out = [];
for (n in 0..6) { out = push(out, sumTo(n)); }
out
