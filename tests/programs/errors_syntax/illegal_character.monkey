// a character that is not part of the language
let x = 1;
let y = x @ 2;
