// the escapes \" \\ \n \t and \r in string literals
let s = "a\"b\\c";
puts(s);
puts(len(s));
puts("line1\nline2");
puts("x\ty");
puts(len("\r\n\t"));
puts(["\r"]);
