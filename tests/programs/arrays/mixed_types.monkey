// arrays hold values of every type
let f = fn(x) { x * 2 };
let a = [1, "two", true, null, [3], {"k": 4}, f, len];
puts(len(a));
puts(a[6](21));
puts(a[7]("abc"));
puts(type(a[5]));
a
