// an array element can be assigned the array itself
let a = [0];
a[0] = a;
puts(a[0] == a);
puts(a[0][0][0] == a);
a
