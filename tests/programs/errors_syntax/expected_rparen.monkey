// a grouped expression without its closing parenthesis
let x = (1 + 2;
