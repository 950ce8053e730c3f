// bubble sort in place with early exit, counting swaps; works for integers and strings
let sort = fn(a) {
  let n = len(a);
  let swaps = 0;
  for (let i = 0; i < n; i += 1) {
    let swapped = false;
    for (let j = 0; j < n - 1 - i; j += 1) {
      if (a[j] > a[j + 1]) {
        let t = a[j];
        a[j] = a[j + 1];
        a[j + 1] = t;
        swaps += 1;
        swapped = true;
      }
    }
    if (!swapped) { break; }
  }
  swaps
};
let data = [64, 34, 25, 12, 22, 11, 90, 5];
puts(sort(data));
puts(data);
let words = ["pear", "apple", "fig", "banana"];
puts(sort(words));
words
