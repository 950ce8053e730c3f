// hash values may be functions and builtins
let ops = {"add": fn(a, b) { a + b }, "mul": fn(a, b) { a * b }, "len": len};
puts(ops["add"](2, 3));
puts(ops["mul"](4, 5));
puts(ops["len"]("four"));
ops
