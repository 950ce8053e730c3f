// a top-level return ends the program with its value
puts("before");
return 7 * 6;
puts("after");
99
