// s[i] is the i-th character as a one-character string
let s = "héllo";
puts(s[0]);
puts(s[1]);
puts(s[4]);
puts(len(s[1]));
let j = "日本";
puts(j[1]);
puts(j[0] + j[1] == j);
type(s[1])
