// The program result is printed too: the error has no position (no instruction made it)
let a = [1];
for (i in 0..30) { a = [a, a]; }
a
