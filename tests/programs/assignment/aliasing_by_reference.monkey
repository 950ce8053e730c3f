// assignment copies the reference to an array, never the array
let a = [1, 2];
let b = a;
a = [3, 4];
puts(b);
b[0] = 9;
puts(a);
let c = b;
c[1] = 8;
b
