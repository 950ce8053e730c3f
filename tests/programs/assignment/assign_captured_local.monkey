// assigning a captured local from an inner function
let f = fn() {
  let acc = [];
  let add = fn(x) { acc = push(acc, x); };
  add(1);
  add(2);
  acc
};
f()
