// a string result is printed raw, like puts prints it
let name = "world";
"hello, \"" + name + "\""
