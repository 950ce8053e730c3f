// nesting deeper than 1,000 levels prints "..." at the cut-off (checked without fixing the exact level)
let a = [];
for (i in 0..3000) { a = [a]; }
let s = str(a);
let opens = 0;
for (c in s) { if (c == "[") { opens += 1; } }
puts(opens >= 999 && opens <= 1001);
puts(s[opens] == "." && s[opens + 1] == "." && s[opens + 2] == ".");
len(s) == 2 * opens + 3
