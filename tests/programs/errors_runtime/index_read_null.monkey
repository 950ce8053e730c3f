// indexing null, e.g. a missing hash entry
let h = {"a": {"b": 1}};
puts(h["a"]["b"]);
h["x"]["b"]
