// builtins are values: stored, passed, compared by identity
let apply = fn(f, x) { f(x) };
puts(apply(len, "hello"));
puts(apply(type, apply));
let fs = [first, last];
puts(fs[1]([1, 2, 3]));
puts(len == len);
puts(len == first);
apply(str, 42) + "!"
