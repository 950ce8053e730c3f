// integer comparisons, including at the limits
let max = 9223372036854775807;
let min = -9223372036854775807 - 1;
puts(1 < 2, 2 < 1, 2 <= 2, 3 >= 4, 5 > 4);
puts(min < max, max > min, min <= min, max >= max);
puts(-1 < 0, 0 == -0, 5 != 5);
max + 1 < max
