// a syntax error anywhere stops the program before anything runs
puts("this is not printed");
let x = 1;
let y = (x;
