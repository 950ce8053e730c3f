// booleans are not iterable
for (b in true) { }
