// an inventory of records: restocking, selling, and a report sorted by value
let items = [
  {"name": "bolt", "price": 3, "qty": 120},
  {"name": "nut", "price": 1, "qty": 300},
  {"name": "gear", "price": 25, "qty": 8},
  {"name": "spring", "price": 4, "qty": 40}
];
let byName = {};
for (it in items) { byName[it["name"]] = it; }
let sell = fn(name, n) {
  let it = byName[name];
  if (it == null) { return "unknown item " + name; }
  if (it["qty"] < n) { return "only " + str(it["qty"]) + " " + name + " left"; }
  it["qty"] -= n;
  n * it["price"]
};
puts(sell("gear", 3));
puts(sell("gear", 10));
puts(sell("washer", 1));
byName["spring"]["qty"] += 10;
let value = fn(it) { it["price"] * it["qty"] };
let sorted = [];
for (it in items) {
  let placed = false;
  let next = [];
  for (s in sorted) {
    if (!placed && value(it) > value(s)) { next = push(next, it); placed = true; }
    next = push(next, s);
  }
  if (!placed) { next = push(next, it); }
  sorted = next;
}
let lines = [];
for (it in sorted) { lines = push(lines, it["name"] + "=" + str(value(it))); }
lines
