// return leaves the function early; return; returns null
let classify = fn(n) {
  if (n < 0) { return "negative"; }
  if (n == 0) { return "zero"; }
  "positive"
};
let nothing = fn() { return; puts("not reached"); };
puts(classify(-5), classify(0), classify(5));
puts(nothing());
let find = fn(a, x) {
  for (i in 0..len(a)) {
    if (a[i] == x) { return i; }
  }
  -1
};
puts(find([5, 6, 7], 7));
find([5, 6, 7], 8)
