// A function compiled to template code reads a global after another function grew Wasm
// memory (a long string): its own views of memory must be re-derived (found by the
// differential generator, seed 2050).
let n = 0; let s = "";
let count = fn() { n = n + 1; n };
for (let i = 0; i < 400; i += 1) { s = s + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; count(); }
puts(n, len(s));
