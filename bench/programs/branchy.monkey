// A loop whose body is an if/else-if chain: each branch is taken at a different rate.
let N = 800000;

let tally = fn(n) {
  let fizzbuzz = 0;
  let buzz = 0;
  let fizz = 0;
  let small = 0;
  let other = 0;
  let i = 1;
  while (i <= n) {
    if (i % 15 == 0) {
      fizzbuzz += 1;
    } else if (i % 5 == 0) {
      buzz += 1;
    } else if (i % 3 == 0) {
      fizz += 1;
    } else if (i % 7 < 3) {
      small += i % 7;
    } else {
      other += 1;
    }
    i += 1;
  }
  [fizzbuzz, buzz, fizz, small, other]
};
puts(tally(N));
