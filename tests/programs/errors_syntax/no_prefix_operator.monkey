// a binary operator cannot start an expression; operators are named by their text
let c = ==;
