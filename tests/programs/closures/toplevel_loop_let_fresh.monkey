// a let in a top-level loop body assigns the one global: every closure sees its last value
let fs = [];
for (i in 0..3) {
  let j = i;
  fs = push(fs, fn() { j });
}
puts(fs[0]());
puts(fs[1]());
fs[2]()
