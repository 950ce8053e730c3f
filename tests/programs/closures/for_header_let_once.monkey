// the let in a C-style for header runs once: all closures share its binding
let make = fn() {
  let fs = [];
  for (let i = 0; i < 3; i += 1) {
    fs = push(fs, fn() { i });
  }
  fs
};
let fs = make();
puts(fs[0]());
fs[2]()
