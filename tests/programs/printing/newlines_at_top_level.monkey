// a string containing newlines prints raw over several lines, also as the result
puts("first\nsecond\n\nfourth");
"x\ny"
