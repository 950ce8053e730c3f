// let, assignment and loop statements after it do not change the result
42;
let x = 1;
x = 2;
while (false) { }
for (i in 0..2) { }
