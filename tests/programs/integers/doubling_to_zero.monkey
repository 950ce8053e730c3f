// repeated doubling passes i64::MIN and then becomes 0
let x = 1;
let i = 0;
while (i < 62) { x = x * 2; i += 1; }
puts(x);
x = x * 2;
puts(x);
x * 2
