// integer division by zero; the error points at the / operator and earlier output is kept
puts("before");
let x = 10;
let y = 0;
puts(x / y);
