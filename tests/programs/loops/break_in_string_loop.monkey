// break out of a for-in over a string
let firstSpace = -1;
let idx = 0;
for (c in "find the space") {
  if (c == " ") { firstSpace = idx; break; }
  idx += 1;
}
firstSpace
