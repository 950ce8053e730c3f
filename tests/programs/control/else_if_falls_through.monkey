// an else-if chain without a final else gives null when nothing matches
let pick = fn(n) { if (n == 1) { "one" } else if (n == 2) { "two" } };
[pick(1), pick(2), pick(3)]
