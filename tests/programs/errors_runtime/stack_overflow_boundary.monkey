// 20,000 nested calls are allowed; the 20,001st is a stack overflow
let depth = fn(n) { if (n == 0) { 0 } else { 1 + depth(n - 1) } };
puts(depth(19999));
depth(20000)
