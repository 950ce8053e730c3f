// a hash with 1,000 integer keys keeps all of them in order
let h = {};
for (i in 0..1000) { h[i * 7 % 1000] = i; }
puts(h[0], h[7], h[999]);
let s = 0;
for (i in 0..1000) { s += h[i]; }
s
