// reversing an array in place by swapping elements
let a = [1, 2, 3, 4, 5];
let i = 0;
let j = len(a) - 1;
while (i < j) {
  let t = a[i];
  a[i] = a[j];
  a[j] = t;
  i += 1;
  j -= 1;
}
a
