// a 131,072-character string built by repeated doubling
let s = "ab";
for (i in 0..16) { s = s + s; }
puts(len(s));
s[131071] + s[0]
