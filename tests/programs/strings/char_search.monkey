// finding a character's index by scanning
let indexOf = fn(s, ch) {
  let i = 0;
  for (c in s) {
    if (c == ch) { return i; }
    i += 1;
  }
  -1
};
puts(indexOf("monkey", "k"));
puts(indexOf("日本語", "語"));
indexOf("abc", "z")
