// reading past either end of an array gives null
let a = [10, 20, 30];
puts(a[3]);
puts(a[-1]);
puts(a[1000000]);
puts([][0]);
a[2]
