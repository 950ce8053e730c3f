// The seed loop. After `hotLoop` iterations (50 by default)
// the trace tier records one iteration of the loop, optimizes
// the recorded IR and compiles it to JavaScript. Run it under
// `trace` or `auto` and open Events, Trace IR and JS; click a
// line here to see what came from it.
let sum = 0;
for (i in 0..10000) {
  sum = sum + i;
}
sum
