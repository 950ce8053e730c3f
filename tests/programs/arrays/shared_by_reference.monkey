// arrays are shared by reference: every holder sees a change
let a = [1, 2, 3];
let b = a;
b[0] = 100;
puts(a);
let set = fn(arr, i, v) { arr[i] = v; };
set(a, 2, 300);
puts(b);
a == b
