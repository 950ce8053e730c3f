// calling the null returned by a function without a value
let make = fn() { };
make()()
