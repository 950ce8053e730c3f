// strings are values: concatenation makes a new string and leaves the old one alone
let a = "abc";
let b = a;
a = a + "d";
puts(b);
puts(a);
b == "abc"
