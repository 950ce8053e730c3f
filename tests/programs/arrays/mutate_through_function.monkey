// a function that receives an array can change it for the caller
let fill = fn(a, v) {
  for (i in 0..len(a)) { a[i] = v; }
};
let xs = [1, 2, 3];
let r = fill(xs, "z");
puts(r);
xs
