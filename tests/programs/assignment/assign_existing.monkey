// = assigns a new value (of any type) to an existing binding
let x = 1;
x = 2;
puts(x);
x = x + 40;
puts(x);
x = "now a string";
x
