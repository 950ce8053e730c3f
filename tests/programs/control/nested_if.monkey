// nested ifs with non-boolean conditions
let describe = fn(x) {
  if (type(x) == "INTEGER") {
    if (x < 0) { "negative integer" } else { if (x == 0) { "zero" } else { "positive integer" } }
  } else if (x) {
    "truthy " + type(x)
  } else {
    "falsy"
  }
};
puts(describe(-3));
puts(describe(0));
puts(describe(8));
puts(describe("s"));
puts(describe(null));
describe([])
