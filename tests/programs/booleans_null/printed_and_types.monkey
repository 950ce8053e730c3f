// booleans and null print as true, false, null
puts(true, false, null);
puts(type(true), type(false), type(null));
puts(str(true) + str(null));
[true, false, null]
