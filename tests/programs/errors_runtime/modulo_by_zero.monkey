// modulo by zero points at the % operator
let a = [5, 0];
a[0] % a[1]
