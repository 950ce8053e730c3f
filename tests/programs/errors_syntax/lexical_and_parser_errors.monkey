// lexical errors and parser errors are reported together, in source order
let s = "bad \z escape";
let t = 5 @ 6;
let u = ;
let v = (1;
