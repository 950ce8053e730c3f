// in a[i] op= e the target's sub-expressions are evaluated once
let calls = 0;
let a = [10, 20, 30];
let idx = fn() { calls += 1; calls };
a[idx()] += 5;
puts(a);
puts(calls);
let box = [[0, 0]];
let get = fn() { calls += 1; box[0] };
get()[1] += 7;
puts(box);
calls
