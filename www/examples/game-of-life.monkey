// Conway's game of life on a 16x16 torus: a glider and a
// blinker, shown after a few generations.
let n = 16;
let grid = array(n, null);
for (i in 0..n) { grid[i] = array(n, 0); }
let cells = [[0, 1], [1, 2], [2, 0], [2, 1], [2, 2], [8, 9], [8, 10], [8, 11]];
for (c in cells) { grid[c[0]][c[1]] = 1; }

let step = fn(g) {
  let next = array(n, null);
  for (r in 0..n) {
    next[r] = array(n, 0);
    for (c in 0..n) {
      let live = 0;
      for (dr in -1..2) {
        for (dc in -1..2) {
          if (dr != 0 || dc != 0) {
            live += g[(r + dr + n) % n][(c + dc + n) % n];
          }
        }
      }
      if (live == 3 || (live == 2 && g[r][c] == 1)) { next[r][c] = 1; }
    }
  }
  next
};
for (i in 0..9) { grid = step(grid); }
for (row in grid) {
  let line = "";
  for (x in row) { line += if (x == 1) { "#" } else { "." }; }
  puts(line);
}
