// In-place recursive quicksort (Lomuto partition) of
// pseudo-random integers from a Park-Miller generator, then a
// check that the array is sorted.
let N = 5000;

let seed = 42;
let random = fn() {
  seed = (seed * 16807) % 2147483647;
  seed
};

let partition = fn(a, lo, hi) {
  let pivot = a[hi];
  let i = lo;
  for (let j = lo; j < hi; j += 1) {
    if (a[j] < pivot) {
      let t = a[i];
      a[i] = a[j];
      a[j] = t;
      i += 1;
    }
  }
  let t = a[i];
  a[i] = a[hi];
  a[hi] = t;
  i
};
let quicksort = fn(a, lo, hi) {
  if (lo < hi) {
    let p = partition(a, lo, hi);
    quicksort(a, lo, p - 1);
    quicksort(a, p + 1, hi);
  }
};

let a = array(N, 0);
for (let i = 0; i < N; i += 1) {
  a[i] = random() % 1000000;
}
quicksort(a, 0, N - 1);

let sorted = true;
for (let i = 1; i < N; i += 1) {
  if (a[i - 1] > a[i]) { sorted = false; }
}
puts(sorted, a[0], a[N / 2], a[N - 1]);
