// An array of only integers behaves like any array: every 64-bit integer reads back,
// reads past either end are null, builtins and printing are as ever, and a store of
// another value makes it hold that value beside its integers.
let xs = [0, 1, -1, 9223372036854775807, -9223372036854775807 - 1, 9007199254740993, -2147483649];
puts(xs);
puts(xs[3] + 1, xs[4] - 1, xs[5] - 1, xs[6] * 2);
puts(xs[7], xs[-1], len(xs), first(xs), last(xs));
let more = push(xs, 4294967296);
puts(len(more), last(more), len(xs), rest(rest(more)));
puts([1, 2] == [1, 2], [1, 2] == [1, 2], type(xs[0]), str(xs));
let zeros = array(5, 0);
zeros[2] = 9223372036854775807;
zeros[3] = -5;
puts(zeros, zeros[2] + 1);
zeros[4] = "four";
zeros[0] = null;
puts(zeros, zeros[1] + zeros[3]);
let grid = [array(3, 7), [1, true], array(2, -1)];
puts(grid[0][2] + grid[2][1], grid[1][1], len(grid[0]));
let total = 0;
for (x in array(4, 5000000000)) { total += x; }
[total, push([], 3), rest([1]), array(0, 3)]
