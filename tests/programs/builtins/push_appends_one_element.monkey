// push appends its second argument as one element, whatever its type
let a = push([1], [2, 3]);
puts(a);
puts(len(a));
let b = push(push(push([], "x"), null), {"k": 1});
b
