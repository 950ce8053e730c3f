// a string without its closing quote; the error points at the opening quote
let ok = 1;
let s = "never closed;
