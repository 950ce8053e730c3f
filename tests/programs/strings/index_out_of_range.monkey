// string indexes out of range or negative give null
let s = "abc";
puts(s[3]);
puts(s[-1]);
puts(s[100]);
puts(""[0]);
s[2]
