// the position is the start of the iterated expression, here a call
let f = fn() { null };
puts("start");
for (x in f()) { }
