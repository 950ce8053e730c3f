// binary search over 1,000 sorted squares, counting probes
let squares = array(1000, 0);
for (i in 0..1000) { squares[i] = i * i; }
let search = fn(a, x) {
  let lo = 0;
  let hi = len(a) - 1;
  let steps = 0;
  while (lo <= hi) {
    steps += 1;
    let mid = (lo + hi) / 2;
    if (a[mid] == x) { return [mid, steps]; }
    if (a[mid] < x) { lo = mid + 1; } else { hi = mid - 1; }
  }
  [-1, steps]
};
puts(search(squares, 0));
puts(search(squares, 998001));
puts(search(squares, 250000));
search(squares, 12345)
