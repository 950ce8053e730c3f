// if expressions can appear anywhere an expression can
let xs = [if (true) { 1 } else { 2 }, if (false) { 3 }];
let h = {"k": if (len(xs) == 2) { "two" } else { "other" }};
[xs, h]
