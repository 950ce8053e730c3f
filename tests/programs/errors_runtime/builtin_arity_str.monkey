// str needs one argument
str()
