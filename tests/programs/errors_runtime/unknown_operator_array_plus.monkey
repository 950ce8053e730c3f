// arrays cannot be added with +
let a = [1];
let b = [2];
puts(len(a));
a + b
