// Multiplies two N x N integer matrices stored as arrays of arrays.
let N = 110;

let matrix = fn(n, seed) {
  let m = array(n, null);
  for (i in 0..n) {
    let row = array(n, 0);
    for (j in 0..n) {
      row[j] = (i * seed + j * 7) % 10;
    }
    m[i] = row;
  }
  m
};

let multiply = fn(a, b, n) {
  let c = array(n, null);
  for (i in 0..n) {
    let ai = a[i];
    let row = array(n, 0);
    for (j in 0..n) {
      let s = 0;
      for (k in 0..n) {
        s += ai[k] * b[k][j];
      }
      row[j] = s;
    }
    c[i] = row;
  }
  c
};

let c = multiply(matrix(N, 3), matrix(N, 5), N);
let trace = 0;
let total = 0;
for (i in 0..N) {
  trace += c[i][i];
  for (x in c[i]) {
    total += x;
  }
}
puts(trace, total, c[N - 1]);
