// blocks do not open scopes: a let inside a block is visible after the block
if (true) { let a = 5; }
puts(a);
let f = fn() {
  if (true) { let r = "set in block"; }
  r
};
puts(f());
let i = 0;
while (i < 1) { let inner = "from loop"; i += 1; }
inner
