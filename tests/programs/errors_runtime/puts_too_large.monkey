// Sharing makes a small structure print exponentially long: 2^30 elements, 24 arrays
let a = [1];
for (i in 0..30) { a = [a, a]; }
puts(len(a));
puts(a);
puts("not reached");
