// The same limit inside a loop (a compiled trace or template at low thresholds): the
// third concatenation, 8 MiB + 8 MiB + 1 byte, fails and nothing after it runs
let s = "ab";
for (i in 0..22) { s = s + s; }
let t = "";
let n = 0;
for (p in [s, s, "!", "?"]) {
  t = t + p;
  n = n + 1;
}
puts(n);
