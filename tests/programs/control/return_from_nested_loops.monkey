// return inside nested loops leaves the whole function at once
let f = fn() {
  let i = 0;
  while (true) {
    for (j in 0..10) {
      if (i * 10 + j == 23) { return [i, j]; }
    }
    i += 1;
  }
  "not reached"
};
f()
