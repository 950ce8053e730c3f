// every keyword in use: let fn true false null if else return while for in break continue
let f = fn(n) {
  let out = [];
  for (i in 0..n) {
    if (i == 1) { continue; } else { }
    out = push(out, i);
  }
  while (true) { break; }
  for (let k = 0; k < 1; k += 1) { }
  return [out, true, false, null];
};
f(3)
