// + wraps around at the i64 limits
let max = 9223372036854775807;
let min = -9223372036854775807 - 1;
puts(max + 1);
puts(max + max);
puts(min + -1);
min + min
