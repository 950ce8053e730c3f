// strings are immutable: index assignment is not supported
let s = "abc";
s[0] = "x";
