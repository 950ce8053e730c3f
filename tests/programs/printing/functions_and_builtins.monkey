// functions print as fn(parameters), builtins as builtin NAME
let add = fn(a, b) { a + b };
let none = fn() { 0 };
puts(add);
puts(none);
puts(fn(x) { x });
puts([add, len]);
puts({"f": none});
str(puts)
