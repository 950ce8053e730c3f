// line breaks inside a string literal count for the lines of later positions
let s = "a
b
c";
s / 2
