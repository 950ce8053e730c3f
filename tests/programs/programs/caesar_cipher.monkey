// a Caesar cipher over lowercase letters, using an alphabet string and a hash as lookup tables
let alphabet = "abcdefghijklmnopqrstuvwxyz";
let index = {};
for (i in 0..26) { index[alphabet[i]] = i; }
let shift = fn(s, k) {
  let out = "";
  for (c in s) {
    let i = index[c];
    if (i == null) { out += c; } else { out += alphabet[((i + k) % 26 + 26) % 26]; }
  }
  out
};
let secret = shift("hello, world!", 3);
puts(secret);
puts(shift(secret, -3));
shift("the quick brown fox jumps over the lazy dog", 13)
