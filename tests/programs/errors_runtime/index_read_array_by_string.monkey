// an array indexed by a non-integer: the message names the indexed value's type
let a = [1, 2];
a["0"]
