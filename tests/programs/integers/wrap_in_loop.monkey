// values that wrap repeatedly inside a loop: 2^64 - 1 is -1, and 3^100 mod 2^64
let x = 0;
for (i in 0..64) { x = x * 2 + 1; }
puts(x);
let y = 1;
for (i in 0..100) { y = y * 3; }
y
