// a let inside a loop body makes a fresh binding on each iteration
let make = fn() {
  let fs = [];
  for (i in 0..3) {
    let j = i * 10;
    fs = push(fs, fn() { j });
  }
  fs
};
let fs = make();
puts(fs[0]());
puts(fs[1]());
fs[2]()
