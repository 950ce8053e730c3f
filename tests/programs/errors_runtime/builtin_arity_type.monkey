// type needs one argument
type(1, 2)
