// / and % at the edges of 32-bit integers. The JIT tiers divide operands that fit in 32
// bits with 32-bit operations; the results must still be the 64-bit ones: -2^31 / -1 is
// 2^31, remainders are never -0, and operands one past the 32-bit range divide exactly.
let min32 = -2147483648;
let max32 = 2147483647;
let xs = [min32, min32 + 1, -7, -6, -1, 0, 1, 6, 7, max32, max32 + 1, min32 - 1];
let ds = [-1, 1, -2, 2, 3, -3, min32, max32, max32 + 1];
let quotients = fn(x) {
  let q = [];
  for (d in ds) {
    q = push(q, x / d);
  }
  q
};
let remainders = fn(x) {
  let r = [];
  for (d in ds) {
    r = push(r, x % d);
  }
  r
};
for (x in xs) {
  puts(x, quotients(x), remainders(x));
}
