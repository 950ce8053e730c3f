// a cycle through an array and a hash prints [...] / {...} where it closes
let a = [1];
let h = {"a": a};
a[0] = h;
puts(a);
h
