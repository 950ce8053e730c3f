// the longest Collatz chain for starting values below 10,000, memoising chain lengths in a hash
let memo = {1: 1};
let chain = fn(n) {
  let steps = [];
  let x = n;
  while (memo[x] == null) {
    steps = push(steps, x);
    x = if (x % 2 == 0) { x / 2 } else { 3 * x + 1 };
  }
  let l = memo[x];
  let i = len(steps) - 1;
  while (i >= 0) { l += 1; memo[steps[i]] = l; i -= 1; }
  l
};
let best = 1;
let bestLen = 1;
for (n in 1..10000) {
  let l = chain(n);
  if (l > bestLen) { best = n; bestLen = l; }
}
puts(best);
bestLen
