// Twin of programs/quicksort.monkey (the same generator and partition scheme, so the
// same work; Array.prototype.sort would be a different algorithm).
const N = 60000;

function partition(a, lo, hi) {
  const pivot = a[hi];
  let i = lo;
  for (let j = lo; j < hi; j++) {
    if (a[j] < pivot) {
      [a[i], a[j]] = [a[j], a[i]];
      i++;
    }
  }
  [a[i], a[hi]] = [a[hi], a[i]];
  return i;
}

function quicksort(a, lo, hi) {
  if (lo < hi) {
    const p = partition(a, lo, hi);
    quicksort(a, lo, p - 1);
    quicksort(a, p + 1, hi);
  }
}

export function main(print) {
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647);
  const a = Array.from({ length: N }, () => random() % 1000000);
  quicksort(a, 0, N - 1);

  let sorted = true;
  let checksum = 0;
  for (let i = 0; i < N; i++) {
    if (i > 0 && a[i - 1] > a[i]) sorted = false;
    checksum = (checksum + a[i] * (i % 100)) % 1000000007;
  }
  for (const line of [sorted, a[0], a[Math.trunc(N / 2)], a[N - 1], checksum]) print(line);
}
