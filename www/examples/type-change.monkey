// A loop whose variable changes type: `x` is an integer for
// the first 1000 iterations, then a string. The trace recorded
// while `x` was an integer checks its type on entry and leaves
// through that guard once it is a string. Events shows the
// exits, the trace being thrown away, and the loop recorded
// again for strings.
let x = 0;
for (i in 0..3000) {
  if (i < 1000) {
    x = x + i;
  } else {
    if (i == 1000) { x = ""; }
    x = x + ".";
  }
}
puts(len(x));
