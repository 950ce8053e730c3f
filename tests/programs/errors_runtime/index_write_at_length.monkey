// arrays do not grow: writing at index len(a) is out of range
let a = [1, 2];
a[len(a)] = 3;
