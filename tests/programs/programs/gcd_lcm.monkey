// Euclid's gcd (recursive and iterative) and lcm, with truncating % on negative operands
let gcd = fn(a, b) { if (b == 0) { a } else { gcd(b, a % b) } };
let gcdIter = fn(a, b) { while (b != 0) { let t = a % b; a = b; b = t; } a };
let abs = fn(x) { if (x < 0) { -x } else { x } };
let lcm = fn(a, b) { abs(a * b) / gcd(abs(a), abs(b)) };
puts(gcd(1071, 462));
puts(gcdIter(1071, 462));
puts(gcd(-48, 18));
puts(lcm(4, 6));
puts(lcm(21, -6));
let l = 1;
for (i in 1..21) { l = lcm(l, i); }
l
