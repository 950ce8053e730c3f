// && and || do not evaluate the right operand when the left one decides
let calls = 0;
let touch = fn(v) { calls += 1; v };
puts(false && touch(true));
puts(true || touch(false));
puts(calls);
puts(true && touch(false));
puts(false || touch(true));
puts(calls);
false && 1 / 0 == 1
