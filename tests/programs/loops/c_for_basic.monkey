// a C-style for loop
let out = [];
for (let i = 0; i < 5; i += 1) {
  out = push(out, i * i);
}
out
