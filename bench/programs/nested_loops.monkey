// Nested C-style `for` loops over function locals.
let N = 1400;

let table = fn(n) {
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      total += (i * j + i) % 7;
    }
  }
  total
};
puts(table(N));
