// the result can be a function
let pick = fn(x, y) { x };
pick
