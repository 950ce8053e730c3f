// a string indexed by a non-integer
let s = "abc";
s[true]
