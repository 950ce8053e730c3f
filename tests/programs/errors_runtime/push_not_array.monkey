// push needs an array as its first argument
let h = {};
push(h, 1)
