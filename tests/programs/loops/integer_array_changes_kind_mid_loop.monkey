// Hot loops over arrays of integers that a store of another value changes in the
// middle (in the loop itself, in a function it calls, during a for-in), and that hold
// integers past 2^53, which JIT code must read whole or leave to the interpreter.
let n = 5000;
let a = array(n, 0);
let odd = 0;
for (let i = 0; i < n; i += 1) {
  a[i] = i * 3;
  if (i == 3000) { a[0] = "zero"; }
  if (a[i / 2] % 2 == 1) { odd += 1; }
}
puts(odd, a[0], a[4999]);
let mark = fn(arr, i) { if (i == 777) { arr[i] = true; } else { arr[i] = i - 500; } };
let b = array(1000, 0);
for (let i = 0; i < 1000; i += 1) { mark(b, i); }
let s = 0;
for (x in b) { if (x == true) { s += 1000000; } else { s += x; } }
puts(s, b[777], b[776]);
let c = array(3000, 1);
let seen = 0;
let k = 0;
for (x in c) {
  if (k == 2000) { c[2999] = null; }
  if (x != null) { seen += x; }
  k += 1;
}
puts(seen);
let d = array(4000, 2);
let big = 0;
for (let i = 0; i < 4000; i += 1) {
  if (i % 1000 == 999) { d[i] = 9007199254740993 + i; }
  big = (big + d[i]) % 1000000007;
  d[i] = d[i] - 1;
}
let rows = [array(2000, 1), [1, 2, 3], array(2000, 3)];
let r = 0;
for (let i = 0; i < 6000; i += 1) {
  let row = rows[i % 3];
  if (i % 3 == 1) { r += row[i % 3]; } else { r += row[i / 3]; }
}
[big, d[999], d[1000], len(d), r]
