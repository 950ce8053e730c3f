// unbound names in loop headers
let xs = [1];
for (x in ys) { }
while (flag) { }
