// tabs, blank lines and line breaks inside expressions are whitespace
let	total	=	1 +
	2 +

	3;
let f = fn(
  a,
  b
) {
  a *
  b
};
f(total,
  7)
