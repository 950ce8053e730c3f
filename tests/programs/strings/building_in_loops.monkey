// building strings in loops with + and +=
let s = "";
for (i in 0..5) { s = s + str(i); }
puts(s);
let r = "";
let src = "stressed";
let i = len(src) - 1;
while (i >= 0) { r += src[i]; i -= 1; }
r
