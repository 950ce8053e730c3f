// hashes keep and print their insertion order, not key order
let h = {"zebra": 1, "apple": 2, 10: 3, 2: 4};
puts(h);
h["mango"] = 5;
h[1] = 6;
h
