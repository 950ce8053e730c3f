// non-ASCII text in comments (日本語, émoji 😀) and in strings is accepted
let s = "ünïcödé 😀"; // ✓
puts(s);
len(s)
