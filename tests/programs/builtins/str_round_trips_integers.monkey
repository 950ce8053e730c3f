// str of an integer and string comparison
let n = -9223372036854775807 - 1;
puts(str(n));
puts(len(str(n)));
str(123) == "123"
