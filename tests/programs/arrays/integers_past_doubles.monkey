// Arrays of integers hold doubles: every integer within ±(2^53 − 1) stays in such an
// array, and a store or push of one past that makes the array one of values, which
// holds it exactly. In loops, so that every tier stores and reads them.
let max = 9007199254740991;
let edges = [max, -max, max - 1, -max + 4294967295, -max + 1, 4294967296, -4294967297, 2147483648, -2147483649, 0];
let a = array(10, 0);
for (let r = 0; r < 300; r += 1) {
  for (let i = 0; i < 10; i += 1) { a[i] = edges[i] + r % 2 * 0; }
}
puts(a);
let s = 0;
for (let r = 0; r < 300; r += 1) { for (x in a) { s = (s + x % 1000003) % 1000003; } }
puts(s);
// Past ±(2^53 − 1): each store unpacks a new array, at a different iteration.
let past = [max + 1, -max - 1, 9223372036854775807, -9223372036854775807 - 1, max + 2];
let results = [];
for (let k = 0; k < 5; k += 1) {
  let b = array(200, 1);
  for (let i = 0; i < 200; i += 1) {
    if (i == 100 + k) { b[i] = past[k]; } else { b[i] = b[i] + i; }
  }
  let t = 0;
  for (x in b) { t = (t + x) % 1000000007; }
  results = push(results, [b[100 + k], b[199], t]);
}
puts(results);
// Computed in the loop: the value passes 2^53 at some iteration.
let c = array(3, 0);
let v = max - 1000;
for (let i = 0; i < 2000; i += 1) { v += 1; c[i % 3] = v; }
puts(c, c[0] - c[1]);
let p = array(1, 5);
for (let i = 0; i < 60; i += 1) { p = push(p, max - 30 + i); }
puts(len(p), p[59], p[60], last(p), first(rest(rest(p))));
[a[0] + 1, a[1] - 1, -a[4], a[3] * 2]
