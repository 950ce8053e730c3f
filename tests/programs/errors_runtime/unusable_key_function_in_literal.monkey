// a function is not a usable hash key
let f = fn(x) { x };
let h = {f: 1};
