// str gives a value's printed form as a string
puts(str(42) + "!");
puts(str(-7));
puts(str(true) + str(null));
puts(str("raw"));
puts(str(["a", 1]));
puts(len(str([1, 2])));
puts(str({"k": "v"}));
puts(str(fn(a, b) { a }));
str(len)
