// expression statements are evaluated for their effects and their values discarded
let calls = [];
let f = fn(x) { calls = push(calls, x); x };
f(1);
f(2) + f(3);
[f(4)];
calls
