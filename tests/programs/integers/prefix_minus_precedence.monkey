// prefix minus binds tighter than any binary operator
puts(-2 * 3);
puts(-2 - -3);
puts(-5 % 3);
puts(- -5);
puts(-(2 + 3) * 2);
2 - -2
