// for-in over an empty array or string runs no iterations
let n = 0;
for (x in []) { n += 1; }
for (c in "") { n += 1; }
n
