// a function assigns a global binding
let count = 0;
let incr = fn() { count += 1; };
for (i in 0..5) { incr(); }
count
