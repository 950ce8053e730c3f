// calling an array
let a = [fn() { 1 }];
puts(a[0]());
a()
