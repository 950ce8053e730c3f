// replacing a value keeps the key in its original position
let h = {"a": 1, "b": 2, "c": 3};
h["a"] = 10;
h["b"] += 5;
puts(h);
h["d"] = 4;
h["a"] = 0;
h
