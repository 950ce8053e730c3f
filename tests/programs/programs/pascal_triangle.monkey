// rows of Pascal's triangle, and C(60, 30) computed row by row
let nextRow = fn(row) {
  let out = [1];
  for (i in 1..len(row)) { out = push(out, row[i - 1] + row[i]); }
  push(out, 1)
};
let row = [1];
for (i in 0..6) { puts(row); row = nextRow(row); }
let r = [1];
for (i in 0..60) { r = nextRow(r); }
r[30]
