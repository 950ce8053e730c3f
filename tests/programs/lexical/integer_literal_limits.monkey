// the largest i64 literal parses; -5 is prefix minus applied to the literal 5
puts(9223372036854775807);
puts(-9223372036854775807);
puts(- 5);
-9223372036854775807 - 1
