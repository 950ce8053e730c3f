// hashes are not iterable
let h = {"a": 1};
for (k in h) { puts(k); }
