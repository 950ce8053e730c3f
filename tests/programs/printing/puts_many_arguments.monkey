// puts with several arguments prints one line per argument; "" prints an empty line
puts("a", 1, true, null, [], {});
puts("")
