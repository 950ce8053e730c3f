// for-in over a..b visits a, a+1, ..., b-1; empty when a >= b
let r = [];
for (i in 0..5) { r = push(r, i); }
puts(r);
let s = [];
for (i in -3..2) { s = push(s, i); }
puts(s);
let n = 0;
for (i in 5..5) { n += 1; }
for (i in 5..2) { n += 1; }
n
