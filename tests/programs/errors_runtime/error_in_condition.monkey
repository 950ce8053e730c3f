// an error while evaluating a loop condition
let i = 0;
while (i < "3") { i += 1; }
