// reading a name that is not bound is a compile error; nothing runs
let a = 1;
puts(a);
puts(b);
