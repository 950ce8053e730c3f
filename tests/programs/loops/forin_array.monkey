// for-in over an array visits its elements in order
let total = 0;
let seen = [];
for (x in [3, 1, 4, 1, 5]) {
  total += x;
  seen = push(seen, x);
}
puts(seen);
total
