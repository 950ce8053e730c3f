// return inside a top-level if block ends the program
let x = 10;
if (x > 5) { return "early"; }
"late"
