// recursion over first and rest
let sum = fn(a) { if (len(a) == 0) { 0 } else { first(a) + sum(rest(a)) } };
sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
