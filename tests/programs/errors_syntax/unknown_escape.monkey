// an escape other than \n \t \r \" \\; the error points at the backslash
let s = "tab\q";
