// three nested loops with a break in the innermost, around an inlined call: found by the
// differential test (the trace tier once ran the outer update twice after a nested exit)
let b = 0;
let h = {"x": 1};
let f = fn(x) { if (x < 7) { x * 2 } else { x - 2 } };
for (let i = 0; i < 39; i += 1) {
  b = f(h["x"]) - (b + b);
  for (j1 in 0..5) {
    for (j2 in 0..5) {
      if (i == 19) { break; }
    }
  }
}
b
