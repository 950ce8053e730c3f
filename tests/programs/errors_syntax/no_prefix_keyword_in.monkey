// IN cannot start an expression
let b = in;
