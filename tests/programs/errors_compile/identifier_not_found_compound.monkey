// compound assignment to an unbound (misspelt) name
let total = 0;
for (i in 0..3) {
  totl += i;
}
