// fresh bindings per iteration in a while loop; each closure updates its own binding
let make = fn() {
  let fs = [];
  let i = 0;
  while (i < 3) {
    let v = i;
    fs = push(fs, fn() { v += 100; v });
    i += 1;
  }
  fs
};
let fs = make();
puts(fs[0]());
puts(fs[0]());
puts(fs[1]());
fs[2]()
