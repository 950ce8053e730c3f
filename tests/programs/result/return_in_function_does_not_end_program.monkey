// return inside a function only leaves that function
let f = fn() { return 1; };
f();
"still running"
