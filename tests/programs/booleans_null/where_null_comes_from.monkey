// null: missing hash key, out-of-range index, empty function, falsy if without else, first([])
let f = fn() {};
let g = fn() { let x = 1; };
puts(f());
puts(g());
puts([1, 2][5]);
puts({"a": 1}["b"]);
puts(if (false) { 1 });
puts(first([]));
type(null)
