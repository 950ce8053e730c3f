// len does not support hashes
let h = {"a": 1};
len(h)
