// nested loops of all three kinds
let total = 0;
let i = 0;
while (i < 3) {
  for (c in "ab") {
    for (let k = 0; k < 2; k += 1) {
      total += 1;
    }
  }
  i += 1;
}
total
