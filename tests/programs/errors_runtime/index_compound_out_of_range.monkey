// a[i] += v past the end: the read gives null, so + fails first
let a = [1];
a[3] += 1;
