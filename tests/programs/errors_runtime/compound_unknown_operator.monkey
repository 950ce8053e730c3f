// -= on booleans in an array
let b = [true];
b[0] -= true;
