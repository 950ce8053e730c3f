// Twin of programs/matmul.monkey.
const N = 110;

const matrix = (n, seed) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i * seed + j * 7) % 10));

function multiply(a, b, n) {
  return a.map((ai) => {
    const row = new Array(n).fill(0);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += ai[k] * b[k][j];
      row[j] = s;
    }
    return row;
  });
}

export function main(print) {
  const c = multiply(matrix(N, 3), matrix(N, 5), N);
  let trace = 0;
  let total = 0;
  for (let i = 0; i < N; i++) {
    trace += c[i][i];
    for (const x of c[i]) total += x;
  }
  print(trace);
  print(total);
  print(`[${c[N - 1].join(', ')}]`);
}
