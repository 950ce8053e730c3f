// += -= *= /= %= on a name; += also concatenates strings
let x = 10;
x += 5;
puts(x);
x -= 3;
puts(x);
x *= 4;
puts(x);
x /= 5;
puts(x);
x %= 5;
puts(x);
let s = "ab";
s += "cd";
s
