// calling a function taken from an array with the wrong number of arguments
let fs = [fn(x) { x }];
fs[0]()
