// An array of only booleans behaves like any array: reads, for-in, builtins, and
// stores of other values (after which it holds them).
let flags = array(20, false);
for (let i = 0; i < 20; i += 1) {
  if (i % 3 == 0) { flags[i] = true; }
}
let count = 0;
for (f in flags) { if (f) { count += 1; } }
puts(count);
puts(flags[3], flags[4], flags[20], flags[-1]);
puts(len(flags), first(flags), last(flags));
let more = push(flags, true);
puts(len(more), last(more), len(flags));
puts(rest([true, false, true]), push([true], 1), [true, false] == [true, false]);
flags[5] = 7;
flags[6] = "six";
puts(flags[5] + 1, flags[6], flags[3]);
let n = 0;
for (let i = 0; i < 20; i += 1) { if (flags[i] == true) { n += 1; } }
puts(n);
[flags[0], flags[5], flags[19], type(flags[1]), more[18]]
