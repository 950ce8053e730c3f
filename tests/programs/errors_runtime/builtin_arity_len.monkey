// a builtin called with too many arguments uses the book's builtin wording
len("a", "b")
