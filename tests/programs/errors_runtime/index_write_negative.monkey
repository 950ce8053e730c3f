// writing at a negative index is out of range
let a = [1, 2, 3];
a[-1] = 0;
