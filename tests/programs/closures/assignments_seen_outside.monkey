// a closure's assignments to a captured binding are seen outside it
let f = fn() {
  let x = 1;
  let set = fn(v) { x = v; };
  set(5);
  x
};
puts(f());
let total = 0;
let add = fn(n) { total += n; };
add(3);
add(4);
total
