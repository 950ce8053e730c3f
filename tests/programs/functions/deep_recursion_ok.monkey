// recursion 5,000 calls deep is fine
let count = fn(n) { if (n == 0) { 0 } else { 1 + count(n - 1) } };
count(5000)
