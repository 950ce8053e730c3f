// recursion 10,000 calls deep (the limit) works, with work after every call returns
let sum = fn(n) { if (n == 1) { 1 } else { n + sum(n - 1) } };
puts(sum(10000));
let list = null;
for (i in 0..9999) { list = {"v": i, "next": list}; }
let total = fn(node) { if (node == null) { 0 } else { node["v"] + total(node["next"]) } };
total(list)
