// a block's value is its last statement if that is an expression statement, otherwise null
puts(if (true) { 1; 2 });
puts(if (true) { let a = 1; });
puts(if (true) { });
puts(if (true) { let a = 3; a });
let b = 0;
puts(if (true) { b = 5; });
puts(if (true) { if (false) { 1 } else { 2 } });
puts(if (true) { while (false) { } });
b
