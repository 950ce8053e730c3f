// a loop does not extend into a function defined in its body
while (true) {
  let f = fn() { break; };
  f();
}
