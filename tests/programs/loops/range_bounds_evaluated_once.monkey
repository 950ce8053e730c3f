// the range bounds are evaluated once, before the loop
let n = 3;
let calls = 0;
let hi = fn() { calls += 1; n };
let seen = [];
for (i in 0..hi()) {
  n = 100;
  seen = push(seen, i);
}
puts(seen);
calls
