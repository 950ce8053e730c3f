// array literals and indexing
let a = [1, 2 * 3, "x", [4, 5], true];
puts(a[0]);
puts(a[1]);
puts(a[3][1]);
puts(len(a));
puts([]);
a
