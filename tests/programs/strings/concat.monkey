// + concatenates two strings
let a = "Hello";
let b = "World";
puts(a + ", " + b + "!");
puts("" + "");
puts(len("" + ""));
a + b
