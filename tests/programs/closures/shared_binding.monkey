// two closures over the same binding see each other's updates
let make = fn() {
  let n = 0;
  let inc = fn() { n += 1; };
  let get = fn() { n };
  [inc, get]
};
let pair = make();
let inc = pair[0];
let get = pair[1];
inc();
inc();
puts(get());
inc();
get()
