// a deeply mixed structure
let v = {"a": [1, {"b": [true, null, "s"]}], 2: [[], {}], false: fn(q) { q }};
v
