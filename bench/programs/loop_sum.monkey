// Hot integer loop: sums 0..N-1 in a `while` loop over globals.
let N = 3000000;

let sum = 0;
let i = 0;
while (i < N) {
  sum += i;
  i += 1;
}
puts(sum);
