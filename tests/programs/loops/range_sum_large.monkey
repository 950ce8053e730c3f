// a range loop of 100,000 iterations
let s = 0;
for (i in 0..100000) { s += i; }
s
