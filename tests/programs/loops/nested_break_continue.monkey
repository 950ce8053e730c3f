// break and continue act on the innermost loop only
let pairs = [];
for (i in 0..4) {
  for (j in 0..4) {
    if (j > i) { break; }
    if (j == 1) { continue; }
    pairs = push(pairs, [i, j]);
  }
}
pairs
