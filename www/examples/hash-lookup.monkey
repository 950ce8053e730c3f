// Hash reads with integer and string keys, hits and misses, in
// a hot loop.
let byNumber = {};
for (i in 0..1000) {
  byNumber[i * 3] = i;
}
let words = {};
for (i in 0..500) {
  words["w" + str(i)] = i;
}
let wordKeys = array(700, "");
for (i in 0..700) {
  wordKeys[i] = "w" + str(i);
}

let hits = 0;
let sum = 0;
for (i in 0..30000) {
  let v = byNumber[i % 3000];
  if (v != null) {
    hits += 1;
    sum += v;
  }
  let w = words[wordKeys[i % 700]];
  if (w != null) {
    sum += w;
  }
}
puts(hits, sum);
