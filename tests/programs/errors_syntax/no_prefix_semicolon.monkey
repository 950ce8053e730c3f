// an expression is missing before the semicolon
let x = ;
