// "//" inside a string literal is part of the string, not a comment
let url = "http://example.com"; // a real comment
puts(url);
len(url)
