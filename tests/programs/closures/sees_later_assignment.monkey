// a closure sees assignments made to a captured binding after the closure was created
let f = fn() {
  let x = 1;
  let g = fn() { x };
  x = 2;
  g()
};
puts(f());
let y = "before";
let h = fn() { y };
y = "after";
h()
