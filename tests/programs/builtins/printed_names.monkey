// every builtin prints as "builtin NAME"
puts(len, first, last, rest, push, array, puts, str, type);
[len, type]
