// a compile error stops the program before anything runs
puts("not printed");
let f = fn() { undefinedName };
