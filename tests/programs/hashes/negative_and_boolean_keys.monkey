// integer keys may be negative; boolean keys print bare
let h = {-1: "minus one", false: 0, 0: "zero"};
puts(h[-1]);
puts(h[0]);
puts(h[false]);
h
