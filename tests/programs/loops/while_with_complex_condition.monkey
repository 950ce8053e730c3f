// while conditions with && and ||
let i = 0;
let j = 10;
while (i < 10 && (j > 5 || i == 0)) {
  i += 1;
  j -= 1;
}
[i, j]
