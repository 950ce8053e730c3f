// push needs two arguments
let a = [1];
push(a)
