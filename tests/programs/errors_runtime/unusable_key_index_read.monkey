// an unusable key in an index read points at the [
let h = {"a": 1};
let k = [1];
puts(h["a"]);
h[k]
