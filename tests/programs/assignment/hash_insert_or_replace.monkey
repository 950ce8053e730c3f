// h[k] = v inserts a new key or replaces the value of an existing one
let h = {};
h["a"] = 1;
h["b"] = 2;
h["a"] = 3;
h[true] = "t";
h
