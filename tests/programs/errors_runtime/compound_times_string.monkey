// *= on two strings
let s = "ab";
s *= "c";
