// a binary search tree of hashes: insert, in-order walk, height, lookup
let insert = fn(node, v) {
  if (node == null) { return {"v": v, "l": null, "r": null}; }
  if (v < node["v"]) { node["l"] = insert(node["l"], v); } else { node["r"] = insert(node["r"], v); }
  node
};
let walk = fn(node, out) {
  if (node == null) { return out; }
  let left = walk(node["l"], out);
  walk(node["r"], push(left, node["v"]))
};
let height = fn(node) {
  if (node == null) { return 0; }
  let a = height(node["l"]);
  let b = height(node["r"]);
  1 + if (a > b) { a } else { b }
};
let contains = fn(node, v) {
  while (node != null) {
    if (node["v"] == v) { return true; }
    node = if (v < node["v"]) { node["l"] } else { node["r"] };
  }
  false
};
let root = null;
for (v in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]) { root = insert(root, v); }
puts(walk(root, []));
puts(height(root));
puts(contains(root, 45), contains(root, 55));
let words = null;
for (w in ["m", "c", "x", "a", "e"]) { words = insert(words, w); }
walk(words, [])
