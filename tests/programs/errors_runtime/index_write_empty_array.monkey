// any write into an empty array is out of range
let e = [];
e[0] = 1;
