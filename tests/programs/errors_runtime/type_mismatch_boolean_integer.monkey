// arithmetic on a boolean and an integer
let t = true;
t * 2
