// assigning a name that was never bound with let is a compile error
let a = 1;
b = a + 1;
