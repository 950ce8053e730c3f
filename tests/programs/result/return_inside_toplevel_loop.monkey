// return inside a top-level loop and if ends the whole program
for (i in 0..100) {
  if (i * i > 50) { return i; }
}
"not reached"
