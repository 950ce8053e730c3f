// 1, true and "1" are three different keys
let h = {1: "int", true: "bool", "1": "string"};
puts(h[1]);
puts(h[true]);
puts(h["1"]);
puts(h[0 + 1]);
puts(h[1 == 1]);
h
