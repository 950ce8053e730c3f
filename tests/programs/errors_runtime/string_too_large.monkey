// Concatenation past 16 MiB (16,777,216 bytes) is an error, not a host crash
let s = "ab";
for (i in 0..22) { s = s + s; }
puts(len(s + s));
let t = s + s + "!";
puts("not reached");
