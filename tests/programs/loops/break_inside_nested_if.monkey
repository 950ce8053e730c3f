// break and continue inside nested ifs still act on the enclosing loop
let found = [];
let i = 0;
while (i < 100) {
  i += 1;
  if (i % 3 == 0) {
    if (i % 5 == 0) {
      found = push(found, i);
      if (len(found) == 3) { break; }
    } else {
      continue;
    }
  }
}
[found, i]
