// storing an array in a hash stores the reference
let a = [1];
let h = {"a": a};
a[0] = 2;
puts(h["a"]);
h["a"][0] = 3;
a
