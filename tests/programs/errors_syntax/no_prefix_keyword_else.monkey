// a keyword that cannot start an expression is named in capitals
let a = 1;
else;
