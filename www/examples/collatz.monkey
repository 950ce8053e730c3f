// The longest Collatz chain starting below N: a branchy inner
// loop. The branch not taken while recording becomes a side
// trace once its exit gets hot.
let longest = fn(n) {
  let best = 0;
  let bestStart = 0;
  for (let start = 1; start < n; start += 1) {
    let x = start;
    let steps = 0;
    while (x != 1) {
      if (x % 2 == 0) { x = x / 2; } else { x = 3 * x + 1; }
      steps += 1;
    }
    if (steps > best) {
      best = steps;
      bestStart = start;
    }
  }
  [bestStart, best]
};
puts(longest(3000));
