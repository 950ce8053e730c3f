// Hot loops over arrays of booleans that a store of another value changes in the
// middle: in the loop itself, in a function it calls, and during a for-in.
let n = 5000;
let a = array(n, false);
let trues = 0;
for (let i = 0; i < n; i += 1) {
  a[i] = i % 2 == 0;
  if (i == 3000) { a[0] = 0; }
  if (a[i / 2]) { trues += 1; }
}
puts(trues, a[0], a[4999]);
let mark = fn(arr, i) { if (i == 777) { arr[i] = "x"; } else { arr[i] = true; } };
let b = array(1000, false);
for (let i = 0; i < 1000; i += 1) { mark(b, i); }
let s = 0;
for (x in b) { if (x == true) { s += 1; } }
puts(s, b[777], b[776]);
let c = array(3000, true);
let seen = 0;
let k = 0;
for (x in c) {
  if (k == 2000) { c[2999] = null; }
  if (x) { seen += 1; }
  k += 1;
}
puts(seen);
let d = array(4000, true);
let kept = 0;
for (let i = 0; i < 4000; i += 1) {
  if (i % 1000 == 999) { d[i] = i; }
  if (d[i] == true) { kept += 1; }
}
[kept, d[999], d[1000], len(d)]
