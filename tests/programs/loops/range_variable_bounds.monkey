// range bounds may be variables, calls or negative numbers
let lo = -2;
let a = [10, 20, 30];
let out = [];
for (i in lo..len(a)) { out = push(out, i); }
out
