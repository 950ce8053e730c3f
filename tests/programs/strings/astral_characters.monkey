// characters outside the Basic Multilingual Plane are single characters
let s = "a😀b";
puts(len(s));
puts(s[1]);
puts(s[2]);
let n = 0;
for (c in s) { n += 1; }
puts(n);
s[1] == "😀"
