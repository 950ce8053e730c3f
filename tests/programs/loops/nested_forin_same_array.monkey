// nested for-in loops over the same array
let a = [1, 2, 3];
let n = 0;
for (x in a) { for (y in a) { if (x < y) { n += 1; } } }
n
