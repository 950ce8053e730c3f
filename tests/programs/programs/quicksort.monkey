// functional quicksort over 200 pseudo-random numbers from a linear congruential generator
let quicksort = fn(a) {
  if (len(a) < 2) { return a; }
  let pivot = a[0];
  let less = [];
  let more = [];
  for (x in rest(a)) {
    if (x < pivot) { less = push(less, x); } else { more = push(more, x); }
  }
  let out = quicksort(less);
  out = push(out, pivot);
  for (x in quicksort(more)) { out = push(out, x); }
  out
};
let seed = 42;
let next = fn() { seed = (seed * 1103515245 + 12345) % 2147483648; seed % 1000 };
let data = [];
for (i in 0..200) { data = push(data, next()); }
let sorted = quicksort(data);
let ok = true;
for (i in 1..len(sorted)) { if (sorted[i - 1] > sorted[i]) { ok = false; } }
puts(ok, len(sorted));
puts(data[0], data[199]);
[first(sorted), last(sorted), sorted[100]]
