// /= and %= truncate exactly like / and %
let a = -7;
a /= 2;
puts(a);
let b = -7;
b %= 2;
puts(b);
let c = 7;
c %= -2;
c
