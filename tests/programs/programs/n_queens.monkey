// N-queens by backtracking: solution counts for n = 1..8 and the first solution for n = 6
let copy = fn(a) { let out = []; for (x in a) { out = push(out, x); } out };
let solve = fn(n) {
  let cols = array(n, -1);
  let count = 0;
  let firstSolution = null;
  let ok = fn(row, col) {
    for (r in 0..row) {
      let c = cols[r];
      if (c == col || c - col == row - r || col - c == row - r) { return false; }
    }
    true
  };
  let place = fn(row) {
    if (row == n) {
      count += 1;
      if (firstSolution == null) { firstSolution = copy(cols); }
    } else {
      for (col in 0..n) {
        if (ok(row, col)) {
          cols[row] = col;
          place(row + 1);
          cols[row] = -1;
        }
      }
    }
  };
  place(0);
  [count, firstSolution]
};
let counts = [];
for (n in 1..9) { counts = push(counts, solve(n)[0]); }
puts(counts);
solve(6)[1]
