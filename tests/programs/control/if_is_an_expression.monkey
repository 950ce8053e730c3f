// if is an expression whose value is the chosen block's value
let x = if (1 < 2) { "yes" } else { "no" };
puts(x);
let y = if (false) { 1 };
puts(y);
puts(if (true) { 10 } else { 20 } + 1);
let z = 5 * if (x == "yes") { 2 } else { 3 };
z
