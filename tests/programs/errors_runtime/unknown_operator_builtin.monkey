// builtins have no arithmetic
len - len
