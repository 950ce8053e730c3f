// names resolve in source order: a global cannot be used before its let
puts(x);
let x = 5;
