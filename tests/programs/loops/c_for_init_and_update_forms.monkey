// the for header's init may be an assignment or an expression, its update an expression
let log = [];
let note = fn(x) { log = push(log, x); };
let i = 100;
for (i = 0; i < 3; note(i)) { i += 1; }
puts(log);
for (note("init"); len(log) < 6; i = i * 2) { note(i); }
log
