// index assignment into the null returned by a call; the [ follows the )
let f = fn() { null };
f()[0] = 1;
