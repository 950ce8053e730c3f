// expression statements inside a top-level loop body are not top-level statements
"top";
let i = 0;
while (i < 3) { i += 1; i * 100 }
