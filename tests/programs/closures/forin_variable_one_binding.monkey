// the variable of a for-in loop is one binding for the whole loop, assigned each iteration
let make = fn() {
  let fs = [];
  for (i in 0..3) {
    fs = push(fs, fn() { i });
  }
  fs
};
let fs = make();
puts(fs[0]());
puts(fs[1]());
fs[2]()
