// more kinds of syntax errors in one file
let a = [1, 2;
a[0;
let f = fn;
let g = );
let ok = 1;
let h = ==;
