// string utilities from indexing and concatenation: repeat, join, split, reverse words
let repeat = fn(s, n) { let out = ""; for (i in 0..n) { out += s; } out };
let join = fn(parts, sep) {
  let out = "";
  for (i in 0..len(parts)) {
    if (i > 0) { out += sep; }
    out += str(parts[i]);
  }
  out
};
let split = fn(s, sep) {
  let parts = [];
  let cur = "";
  for (c in s) {
    if (c == sep) { parts = push(parts, cur); cur = ""; } else { cur += c; }
  }
  push(parts, cur)
};
let reverse = fn(a) {
  let out = [];
  let i = len(a) - 1;
  while (i >= 0) { out = push(out, a[i]); i -= 1; }
  out
};
puts(repeat("ab", 3));
puts(join([1, 2, 3], ", "));
puts(split("a,b,,c", ","));
puts(join(reverse(split("the quick brown fox", " ")), " "));
repeat("-", 10) + "|"
