// first, last and rest; rest returns a new array
let a = [1, 2, 3];
puts(first(a), last(a));
puts(rest(a));
puts(rest(rest(rest(a))));
puts(rest([]));
puts(first([]), last([]));
let r = rest(a);
r[0] = 20;
a
