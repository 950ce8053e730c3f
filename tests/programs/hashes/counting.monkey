// counting occurrences with a hash
let words = ["a", "b", "a", "c", "b", "a"];
let counts = {};
for (w in words) {
  if (counts[w] == null) { counts[w] = 0; }
  counts[w] += 1;
}
counts
