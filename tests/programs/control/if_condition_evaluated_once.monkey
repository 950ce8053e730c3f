// the condition of an if is evaluated once, and only the chosen branch runs
let n = 0;
let bump = fn() { n += 1; n };
let r = if (bump() == 1) { "first" } else { puts("not printed"); "second" };
puts(r);
n
