// functions without parameters
let seven = fn() { 7 };
seven() * seven()
