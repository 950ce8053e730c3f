// a[i] = v replaces an element in place
let a = [1, 2, 3];
a[0] = 10;
a[2] = "three";
a[1] = [a[0]];
a
