// / truncates toward zero for every sign combination
puts(7 / 2);
puts(-7 / 2);
puts(7 / -2);
puts(-7 / -2);
puts(1 / 3);
puts(-1 / 3);
-9 / 4
