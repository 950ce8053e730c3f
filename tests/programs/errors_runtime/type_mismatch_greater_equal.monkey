// >= on a string and an integer
let s = "a";
s >= 1
