// /= by zero points at the /= token
let x = 8;
x /= 2;
puts(x);
x /= 0;
