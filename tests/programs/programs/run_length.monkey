// run-length encoding and decoding of a string with a non-ASCII character
let encode = fn(s) {
  if (len(s) == 0) { return ""; }
  let out = "";
  let prev = s[0];
  let count = 1;
  for (i in 1..len(s)) {
    if (s[i] == prev) { count += 1; } else { out += prev + str(count); prev = s[i]; count = 1; }
  }
  out + prev + str(count)
};
let digits = {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9};
let decode = fn(s) {
  let out = "";
  let ch = "";
  let n = 0;
  for (c in s) {
    if (digits[c] != null) { n = n * 10 + digits[c]; } else {
      for (k in 0..n) { out += ch; }
      ch = c;
      n = 0;
    }
  }
  for (k in 0..n) { out += ch; }
  out
};
let original = "aaabccddddddddddddé";
let e = encode(original);
puts(e);
puts(decode(e));
decode(e) == original
