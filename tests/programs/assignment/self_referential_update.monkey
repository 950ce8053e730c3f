// x = x op e reads the old value before the new one is stored
let a = [1, 2, 3];
a[0] = a[1] + a[2];
a[1] = a[0] * a[1];
let x = 2;
x = x * x * x;
[a, x]
