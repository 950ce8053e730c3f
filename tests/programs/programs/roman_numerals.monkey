// integers to Roman numerals and back, checked for 1..1999
let values = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
let symbols = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"];
let toRoman = fn(n) {
  let out = "";
  for (i in 0..len(values)) {
    while (n >= values[i]) { out += symbols[i]; n -= values[i]; }
  }
  out
};
let digitValue = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000};
let fromRoman = fn(s) {
  let total = 0;
  for (i in 0..len(s)) {
    let v = digitValue[s[i]];
    let next = if (i + 1 < len(s)) { digitValue[s[i + 1]] } else { null };
    if (next != null && next > v) { total -= v; } else { total += v; }
  }
  total
};
puts(toRoman(1994));
puts(toRoman(2024));
puts(toRoman(3999));
let ok = true;
for (n in 1..2000) { if (fromRoman(toRoman(n)) != n) { ok = false; } }
puts(ok);
fromRoman("MCMXLIV")
