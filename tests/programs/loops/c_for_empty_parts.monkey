// any of the three parts of a C-style for may be empty; an empty condition is true
let i = 0;
for (; i < 3;) { i += 1; }
puts(i);
let n = 0;
for (;;) {
  n += 1;
  if (n == 5) { break; }
}
puts(n);
let k = 10;
for (k = 0; k < 4; ) { k += 2; }
k
