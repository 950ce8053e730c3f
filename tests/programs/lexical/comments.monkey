// comments run from // to the end of the line and are ignored
let a = 1; // trailing comment
// a whole-line comment with symbols @ # $ and an unterminated "string
let b = 2;
puts(a + b); // prints 3
a * 10 + b // the last expression, with a comment after it
