// (a / b) * b + a % b == a for every sign combination of small operands
let ok = true;
let count = 0;
for (a in -20..21) {
  for (b in -7..8) {
    if (b != 0) {
      if ((a / b) * b + a % b != a) { ok = false; }
      count += 1;
    }
  }
}
puts(count);
ok
