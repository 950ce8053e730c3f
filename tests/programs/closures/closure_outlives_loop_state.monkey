// closures created in a loop and called after the function returned
let makeAll = fn(n) {
  let out = [];
  let total = 0;
  for (i in 0..n) {
    let mine = i;
    out = push(out, fn() { total += mine; [mine, total] });
  }
  out
};
let fs = makeAll(4);
puts(fs[3]());
puts(fs[1]());
fs[3]()
