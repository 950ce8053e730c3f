// a stray closing parenthesis where an expression should start
let y = );
