// builtin results used directly in expressions
let a = [5, 6, 7];
len(a) * first(a) + last(rest(a)) - len(str(a))
