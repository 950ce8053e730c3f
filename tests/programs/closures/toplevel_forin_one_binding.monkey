// a top-level for-in variable is one binding: closures see its last value
let fs = [];
for (i in 0..3) {
  fs = push(fs, fn() { i });
}
puts(fs[0]());
fs[1]()
