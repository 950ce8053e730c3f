// a captured parameter is a binding too: assignments through closures are shared
let box = fn(v) {
  let get = fn() { v };
  let set = fn(n) { v = n; };
  {"get": get, "set": set}
};
let b = box(1);
b["set"](42);
puts(b["get"]());
let b2 = box("other");
puts(b2["get"]());
b["get"]()
