// all permutations of a small array by recursion
let perms = fn(a) {
  if (len(a) <= 1) { return [a]; }
  let out = [];
  for (i in 0..len(a)) {
    let others = [];
    for (j in 0..len(a)) { if (j != i) { others = push(others, a[j]); } }
    for (p in perms(others)) {
      let withHead = [a[i]];
      for (x in p) { withHead = push(withHead, x); }
      out = push(out, withHead);
    }
  }
  out
};
puts(perms([1, 2, 3]));
puts(len(perms([1, 2, 3, 4, 5])));
perms(["a", "b"])
