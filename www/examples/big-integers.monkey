// 64-bit integers in a JavaScript trace: JS numbers are exact
// only up to 2^53, so every add and multiply in generated code
// is checked, and a result past it exits to the interpreter,
// which does the 64-bit arithmetic (and wraps around at 2^63
// exactly as Go's int64 does).
let x = 1;
let steps = 0;
while (steps < 200) {
  x = x * 3 + 1;
  steps += 1;
}
puts(x);
let big = 1;
for (i in 0..62) { big = big * 2; }
puts(big, big * 2, big + big - 1);
