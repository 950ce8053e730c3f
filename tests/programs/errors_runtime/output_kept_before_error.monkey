// output printed before a runtime error is kept
for (i in 0..3) { puts(i); }
let a = [1];
puts(a[0] + a[1]);
