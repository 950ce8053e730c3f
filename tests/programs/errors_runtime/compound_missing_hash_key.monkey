// h[k] += 1 on a missing key adds 1 to null
let h = {};
h["n"] += 1;
