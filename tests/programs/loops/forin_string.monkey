// for-in over a string visits its characters
let out = [];
for (c in "héllo, 日本") { out = push(out, c); }
puts(len(out));
out
