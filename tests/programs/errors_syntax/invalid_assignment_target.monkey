// only names and index expressions can be assigned to; the error points at the target
let a = [1];
a + 1 = 5;
first(a) += 1;
