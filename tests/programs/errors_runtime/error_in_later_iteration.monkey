// an error in a later loop iteration keeps the output of the earlier ones
let xs = [4, 2, 0, 1];
for (x in xs) {
  puts(8 / x);
}
