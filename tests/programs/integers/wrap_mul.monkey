// * wraps around on overflow
let max = 9223372036854775807;
puts(max * 2);
puts(4611686018427387904 * 2);
puts(3037000500 * 3037000500);
puts(max * max);
(-9223372036854775807 - 1) * -1
