// String building: reverses the decimal form of i*i character
// by character to find the palindromic squares, and joins them
// into one line.
let reverse = fn(s) {
  let r = "";
  for (c in s) {
    r = c + r;
  }
  r
};

let found = "";
let digits = 0;
for (i in 0..5000) {
  let s = str(i * i);
  digits += len(s);
  if (s == reverse(s)) {
    if (found != "") { found = found + ","; }
    found = found + s;
  }
}
puts(digits, found);
