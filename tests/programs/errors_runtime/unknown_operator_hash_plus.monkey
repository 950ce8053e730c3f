// hashes cannot be added with +
let h = {"a": 1};
h + h
