// an error deep inside nested calls reports the innermost failing operation
let inner = fn(x) { x["key"] };
let outer = fn(x) { inner(x) + 1 };
puts(outer({"key": 1}));
outer([1])
