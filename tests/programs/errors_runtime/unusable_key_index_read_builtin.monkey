// a builtin is not a usable hash key
let h = {1: 2};
puts(h[len]);
