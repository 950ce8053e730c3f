// hashes compare by identity
let a = {"k": 1};
let b = {"k": 1};
puts(a == b);
puts(a == a);
let e = {};
e != {}
