// rest makes a new array each time
let a = [1, 2, 3];
let r1 = rest(a);
let r2 = rest(a);
puts(r1 == r2);
r1[0] = 0;
[a, r1, r2]
