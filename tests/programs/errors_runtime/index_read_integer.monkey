// indexing an integer
let n = 12345;
n[0]
