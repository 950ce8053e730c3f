// closures capture by reference through several levels of nesting
let a = fn() {
  let n = 0;
  let b = fn() {
    let c = fn() { n += 1; n };
    c
  };
  let c = b();
  c();
  c();
  n
};
a()
