// Towers of Hanoi: where the template tier beats the traces.
// hanoi() recurses twice and writes two globals on each call.
// The trace tier records it as a function trace, but a
// function trace cannot hold those writes: its trace covers
// the calls that do nothing (n == 0), every other call leaves
// it through an exit, and after 64 of those the trace tier
// gives the function back to the interpreter (see Events);
// auto does the same. Choose the template tier: it compiles
// hanoi() whole on its first call, writes and recursion
// included (see Template JS), then press Compare tiers.
let moves = 0;
let check = 0;
let hanoi = fn(n, from, to, via) {
  if (n > 0) {
    hanoi(n - 1, from, via, to);
    moves = moves + 1;
    check = (check * 31 + from * 3 + to) % 1000003;
    hanoi(n - 1, via, to, from);
  }
};
hanoi(19, 1, 3, 2);
puts("moves: " + str(moves), "check: " + str(check));
