// type names every kind of value
puts(type(1));
puts(type(true));
puts(type(null));
puts(type("s"));
puts(type([]));
puts(type({}));
puts(type(fn() { }));
puts(type(len));
type(type)
