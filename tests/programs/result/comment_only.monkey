// a program that is only a comment has the result null
