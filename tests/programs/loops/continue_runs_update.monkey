// continue in a C-style for loop still runs the update
let odd = [];
for (let i = 0; i < 10; i += 1) {
  if (i % 2 == 0) { continue; }
  odd = push(odd, i);
}
odd
