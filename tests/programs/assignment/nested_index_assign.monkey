// assigning through nested index expressions
let m = [[1, 2], [3, 4]];
m[1][0] = 30;
m[0][1] += 100;
let h = {"a": {"b": [0]}};
h["a"]["b"][0] = "deep";
h["a"]["c"] = m;
h
