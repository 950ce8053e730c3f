// formatting integers: thousands separators and zero padding, down to i64::MIN
let digitsOf = fn(n) {
  let s = str(n);
  if (s[0] == "-") {
    let t = "";
    for (i in 1..len(s)) { t += s[i]; }
    t
  } else {
    s
  }
};
let withCommas = fn(n) {
  let d = digitsOf(n);
  let out = "";
  let k = len(d);
  for (i in 0..k) {
    if (i > 0 && (k - i) % 3 == 0) { out += ","; }
    out += d[i];
  }
  if (n < 0) { "-" + out } else { out }
};
let pad = fn(n, width) { let s = str(n); while (len(s) < width) { s = "0" + s; } s };
puts(withCommas(0));
puts(withCommas(999));
puts(withCommas(1000));
puts(withCommas(1234567));
puts(withCommas(-9223372036854775807 - 1));
puts(pad(7, 3));
pad(12345, 3)
