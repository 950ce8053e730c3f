// a tab counts as one column
let x = true;
	puts(-x);
