// a letter followed by a combining accent is two characters
let s = "é";
puts(len(s));
puts(s[0]);
puts(len(s[1]));
s == "é"
