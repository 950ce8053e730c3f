// % takes the sign of the dividend
puts(7 % 3);
puts(-7 % 3);
puts(7 % -3);
puts(-7 % -3);
puts(6 % -3);
puts(-6 % 3);
puts(0 % 5);
-1 % 5
