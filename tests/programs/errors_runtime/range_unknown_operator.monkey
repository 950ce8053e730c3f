// a range of two strings is not supported
let a = "a";
let z = "z";
for (c in a..z) { puts(c); }
