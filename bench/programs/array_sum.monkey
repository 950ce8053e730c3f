// Fills a large array by index, then sums it with `for-in`.
let N = 1200000;

let a = array(N, 0);
for (let i = 0; i < N; i += 1) {
  a[i] = (i * 7919) % 10007;
}
let sum = 0;
for (x in a) {
  sum += x;
}
puts(len(a), sum);
