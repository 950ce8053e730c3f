// + on an integer and a string
let n = 1;
let s = "1";
n + s
