// every syntax error of the file is reported, in source order
let a = 1;
let 5;
let b = ;
let c = (1 + 2;
let d 4;
puts(a);
