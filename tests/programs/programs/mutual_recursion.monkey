// mutual recursion through pre-declared bindings: parity 9,001 calls deep and a recursive-descent evaluator
let isOdd = null;
let isEven = fn(n) { if (n == 0) { true } else { isOdd(n - 1) } };
isOdd = fn(n) { if (n == 0) { false } else { isEven(n - 1) } };
puts(isEven(9000));
puts(isOdd(9000));
let src = "2*(3+4)+5*(1+1*2)";
let pos = 0;
let parseSum = null;
let digit = fn(c) { let ds = "0123456789"; let i = 0; while (ds[i] != c) { i += 1; } i };
let parsePrimary = fn() {
  if (src[pos] == "(") {
    pos += 1;
    let v = parseSum();
    pos += 1;
    v
  } else {
    let v = digit(src[pos]);
    pos += 1;
    v
  }
};
let parseProduct = fn() {
  let v = parsePrimary();
  while (src[pos] == "*") { pos += 1; v *= parsePrimary(); }
  v
};
parseSum = fn() {
  let v = parseProduct();
  while (src[pos] == "+") { pos += 1; v += parseProduct(); }
  v
};
parseSum()
