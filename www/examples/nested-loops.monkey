// Nested loops: the inner loop gets hot first and becomes a
// trace; then the outer loop's trace calls the inner one (look
// for CallTrace in the IR).
let table = fn(n) {
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1) {
      total += (i * j + i) % 7;
    }
  }
  total
};
puts(table(300));
