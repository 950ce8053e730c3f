// hash literals and lookups; a missing key gives null
let h = {"one": 1, "two": 2, 3: "three", true: "yes"};
puts(h["one"]);
puts(h[3]);
puts(h[true]);
puts(h["missing"]);
puts(h[false]);
h["two"] + h["one"]
