// functions defined inside functions see the enclosing parameters
let outer = fn(x) {
  let middle = fn(y) {
    let inner = fn(z) { x + y + z };
    inner(3)
  };
  middle(2)
};
outer(1)
