// for-in over an integer; the error points at the start of the iterated expression
let n = 3;
for (i in n) { puts(i); }
