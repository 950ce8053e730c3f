// a singly linked list of hashes: build, reverse in place by relinking, convert back
let cons = fn(v, next) { let node = {"value": v, "next": next}; node };
let fromArray = fn(a) {
  let head = null;
  let i = len(a) - 1;
  while (i >= 0) { head = cons(a[i], head); i -= 1; }
  head
};
let toArray = fn(node) {
  let out = [];
  while (node != null) { out = push(out, node["value"]); node = node["next"]; }
  out
};
let reverse = fn(node) {
  let prev = null;
  while (node != null) {
    let next = node["next"];
    node["next"] = prev;
    prev = node;
    node = next;
  }
  prev
};
let list = fromArray([1, 2, 3, 4, 5]);
puts(toArray(list));
let r = reverse(list);
puts(toArray(r));
puts(toArray(list));
cons(0, cons(1, null))
