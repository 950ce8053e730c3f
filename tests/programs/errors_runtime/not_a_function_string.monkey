// calling a string taken from a hash; the ( follows the ]
let f = {"k": "v"};
f["k"]()
