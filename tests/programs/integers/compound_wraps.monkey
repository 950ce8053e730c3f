// compound assignment wraps exactly like the plain operators
let x = 9223372036854775807;
x += 1;
puts(x);
x -= 1;
puts(x);
x *= 3;
x
