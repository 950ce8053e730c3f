// unary minus wraps too: -MIN is MIN
let min = -9223372036854775807 - 1;
puts(-min);
puts(-min == min);
puts(-(-5));
-0
