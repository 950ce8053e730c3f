// mutual recursion: bind the second name first and assign it later
let isOdd = null;
let isEven = fn(n) { if (n == 0) { true } else { isOdd(n - 1) } };
isOdd = fn(n) { if (n == 0) { false } else { isEven(n - 1) } };
puts(isEven(10));
puts(isOdd(7));
isEven(7)
