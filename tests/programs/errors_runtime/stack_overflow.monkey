// unbounded recursion ends in the runtime error stack overflow, at the ( of the call that overflows
let down = fn(n) { down(n + 1) };
puts("start");
down(0)
