// integer arithmetic; * / % bind tighter than + -, all left-associative
puts(1 + 2 * 3);
puts((1 + 2) * 3);
puts(10 - 4 - 3);
puts(100 / 10 / 5);
puts(17 % 5 * 2);
puts(2 * 3 + 4 * 5 - 6 / 2);
50 / 2 * 2 + 10
