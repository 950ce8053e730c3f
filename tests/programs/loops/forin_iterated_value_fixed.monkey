// the iterated array is evaluated once: rebinding the variable to a new array does not change the loop
let a = [1, 2, 3];
let count = 0;
for (x in a) {
  a = push(a, x);
  count += 1;
  if (count > 10) { break; }
}
puts(count);
a
