// a function bound by a local let can call itself
let run = fn() {
  let fact = fn(n) { if (n < 2) { 1 } else { n * fact(n - 1) } };
  fact(10)
};
run()
