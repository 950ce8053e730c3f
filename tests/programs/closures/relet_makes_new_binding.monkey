// re-let inside a function makes a new binding a closure keeps; at the top level a name is one global
let x = 1;
let f = fn() { x };
let x = 2;
puts(f());
puts(x);
let g = fn() {
  let y = "old";
  let h = fn() { y };
  let y = "new";
  h() + " " + y
};
g()
