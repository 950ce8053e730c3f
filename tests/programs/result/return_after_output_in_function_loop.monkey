// a top-level return inside a loop, after a function printed
let show = fn(x) { puts(x); x };
let i = 0;
while (true) {
  if (show(i) == 2) { return "stopped at " + str(i); }
  i += 1;
}
