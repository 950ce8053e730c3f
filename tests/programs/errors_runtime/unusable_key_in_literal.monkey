// an array cannot be a hash key; in a literal the error points at the start of the key
let h = {"ok": 1, [1, 2]: 2};
