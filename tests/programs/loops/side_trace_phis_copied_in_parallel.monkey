// Found by the differential generator (seed 4942): a side path that sets three
// loop-carried variables, one from another (`c = b` before `b` changes), must hand
// them back to the loop as a parallel copy.
let b = 5; let c = 0;
let f = fn(x) { if (x < 2) { x * 2 } else { x - 2 } };
for (i in 0..33) { if (6 > ((-2147483648 - (c / 7)) / (i + 1))) { c = b; } else { c = c; } b += f(i); b = i; }
puts(b, c);
