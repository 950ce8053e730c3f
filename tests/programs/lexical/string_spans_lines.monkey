// a string literal may span lines; the line break is part of the string
let s = "one
two";
puts(s);
puts(len(s));
s == "one\ntwo"
