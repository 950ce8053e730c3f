// the empty hash
let h = {};
puts(h);
puts(h["x"]);
puts(type(h));
h[1] = 1;
h
