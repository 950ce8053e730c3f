// a top-level if is an expression statement: its value becomes the result
let x = 3;
if (x > 2) { "big" } else { "small" }
