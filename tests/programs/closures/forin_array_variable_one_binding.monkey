// the for-in variable is one binding also when iterating an array or a string
let make = fn(xs) {
  let fs = [];
  for (x in xs) { fs = push(fs, fn() { x }); }
  fs
};
let a = make(["a", "b", "c"]);
let s = make("xyz");
puts(a[0](), a[2]());
[s[0](), s[1]()]
