// a hash that contains itself prints the inner occurrence as {...}
let h = {"name": "h"};
h["self"] = h;
puts(h);
let a = [h];
h["list"] = a;
h
