// %= by zero on an array element points at the %= token
let a = [7];
a[0] %= 0;
