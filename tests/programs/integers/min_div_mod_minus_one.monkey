// i64::MIN / -1 is i64::MIN and i64::MIN % -1 is 0
let min = -9223372036854775807 - 1;
puts(min / -1);
puts(min % -1);
puts(min / 1);
puts(min % 1);
min / 2
