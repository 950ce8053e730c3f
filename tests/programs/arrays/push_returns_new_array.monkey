// push returns a new array and leaves its argument unchanged
let a = [1, 2];
let b = push(a, 3);
puts(a);
puts(b);
puts(a == b);
b[0] = 99;
puts(a);
len(push([], 1))
