// hashes are shared by reference
let h = {"n": 0};
let g = h;
g["n"] = 1;
puts(h["n"]);
let bump = fn(m) { m["n"] += 1; };
bump(h);
bump(g);
puts(g);
h == g
