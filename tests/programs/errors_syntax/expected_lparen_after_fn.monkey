// fn must be followed by a parameter list
let f = fn;
