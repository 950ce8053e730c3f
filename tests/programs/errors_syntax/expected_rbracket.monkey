// an array literal without its closing bracket
let a = [1, 2;
