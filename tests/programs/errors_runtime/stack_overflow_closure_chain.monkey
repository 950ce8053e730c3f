// unbounded recursion through a closure stored in a hash
let h = {};
h["f"] = fn() { 1 + h["f"]() };
h["f"]()
