// sums beyond 32 bits stay exact
let s = 0;
for (i in 0..100000) { s += i * i; }
s
