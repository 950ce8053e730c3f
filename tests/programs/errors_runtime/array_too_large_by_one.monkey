// 100,000,001 elements is just over the limit
let n = 100000000;
array(n + 1, null)
