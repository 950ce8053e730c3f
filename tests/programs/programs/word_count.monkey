// word frequencies with a hash (first-seen order), then the most frequent word
let text = "the cat and the dog and the bird";
let counts = {};
let order = [];
let word = "";
let add = fn(w) {
  if (w == "") { return; }
  if (counts[w] == null) { counts[w] = 0; order = push(order, w); }
  counts[w] += 1;
};
for (c in text) {
  if (c == " ") { add(word); word = ""; } else { word += c; }
}
add(word);
puts(counts);
let best = "";
for (w in order) {
  if (best == "" || counts[w] > counts[best]) { best = w; }
}
puts(best);
len(order)
