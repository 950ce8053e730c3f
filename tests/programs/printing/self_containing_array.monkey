// an array that contains itself prints the inner occurrence as [...]
let a = [1, 2];
a[1] = a;
puts(a);
let b = [a];
puts(b);
str(a)
