// Levenshtein distance by dynamic programming, character by character
let min3 = fn(a, b, c) { let m = a; if (b < m) { m = b; } if (c < m) { m = c; } m };
let dist = fn(s, t) {
  let n = len(s);
  let m = len(t);
  let rows = n + 1;
  let cols = m + 1;
  let prev = array(cols, 0);
  for (j in 0..cols) { prev[j] = j; }
  for (i in 1..rows) {
    let cur = array(cols, 0);
    cur[0] = i;
    for (j in 1..cols) {
      let cost = if (s[i - 1] == t[j - 1]) { 0 } else { 1 };
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  prev[m]
};
puts(dist("kitten", "sitting"));
puts(dist("", "abc"));
puts(dist("flaw", "lawn"));
puts(dist("日本語", "日本"));
dist("intention", "execution")
