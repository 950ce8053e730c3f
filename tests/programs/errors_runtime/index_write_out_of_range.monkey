// writing past the end of an array
let a = [1, 2];
a[1] = 20;
puts(a);
a[5] = 50;
