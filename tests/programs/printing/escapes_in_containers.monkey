// newline, tab, carriage return, quote and backslash are escaped inside containers
let a = ["line\nbreak", "tab\there", "cr\rhere", "q\"uote", "back\\slash"];
puts(a);
puts({"\n": "\t"});
str(["\r"]) == "[\"\\r\"]"
