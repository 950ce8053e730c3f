// keys and values are expressions evaluated at run time
let k = "dyn";
let h = {k + "amic": 1 + 1, len("abc"): [k], 2 > 1: null};
puts(h);
h["dynamic"]
