// an unbound name as the target of an index assignment
let a = [1];
b[0] = a[0];
