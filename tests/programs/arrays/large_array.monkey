// a 100,000-element array written and summed
let n = 100000;
let a = array(n, 0);
for (i in 0..n) { a[i] = i * 2; }
let s = 0;
for (x in a) { s += x; }
puts(a[n - 1]);
s
