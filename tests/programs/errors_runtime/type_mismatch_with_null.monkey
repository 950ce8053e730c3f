// a missing element (null) used in arithmetic
let a = [1];
puts(a[0] + a[1]);
