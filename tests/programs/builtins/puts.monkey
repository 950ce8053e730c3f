// puts prints each argument on its own line and returns null; puts() prints nothing
puts();
puts(1, "two", [3]);
let r = puts("x");
puts(r);
puts(type(puts()))
