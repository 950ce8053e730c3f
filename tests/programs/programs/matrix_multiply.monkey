// matrix multiplication with nested arrays; a 2x2 matrix power gives Fibonacci numbers
let zeros = fn(r, c) { let m = array(r, null); for (i in 0..r) { m[i] = array(c, 0); } m };
let mul = fn(a, b) {
  let n = len(a);
  let k = len(b);
  let p = len(b[0]);
  let c = zeros(n, p);
  for (i in 0..n) {
    for (j in 0..p) {
      let s = 0;
      for (t in 0..k) { s += a[i][t] * b[t][j]; }
      c[i][j] = s;
    }
  }
  c
};
let a = [[1, 2, 3], [4, 5, 6]];
let b = [[7, 8], [9, 10], [11, 12]];
puts(mul(a, b));
let pow = fn(m, e) {
  let result = [[1, 0], [0, 1]];
  while (e > 0) {
    if (e % 2 == 1) { result = mul(result, m); }
    m = mul(m, m);
    e /= 2;
  }
  result
};
puts(pow([[1, 1], [1, 0]], 50)[0][1]);
let n = 20;
let m = zeros(n, n);
for (i in 0..n) { for (j in 0..n) { m[i][j] = i * n + j; } }
let sq = mul(m, m);
let total = 0;
for (row in sq) { for (x in row) { total += x; } }
puts(sq[19][19]);
total
