// for-in reads array elements one at a time: a write to a later element is seen
let a = [1, 2, 3, 4];
let seen = [];
for (x in a) {
  if (x == 1) { a[3] = 40; }
  seen = push(seen, x);
}
seen
