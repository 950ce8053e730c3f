// break leaves the innermost loop, continue goes on with its next iteration
let out = [];
for (i in 0..10) {
  if (i % 2 == 1) { continue; }
  if (i > 6) { break; }
  out = push(out, i);
}
puts(out);
let j = 0;
let w = [];
while (true) {
  j += 1;
  if (j == 3) { continue; }
  if (j > 5) { break; }
  w = push(w, j);
}
w
