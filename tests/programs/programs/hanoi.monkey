// towers of Hanoi: the moves for 3 disks, and move counts for 16 and 62 disks
let moves = [];
let solve = fn(n, from, to, via) {
  if (n > 0) {
    solve(n - 1, from, via, to);
    moves = push(moves, from + "->" + to);
    solve(n - 1, via, to, from);
  }
};
solve(3, "A", "C", "B");
puts(len(moves));
puts(moves);
let countRec = fn(n) { if (n == 0) { 0 } else { countRec(n - 1) + 1 + countRec(n - 1) } };
let count = fn(n) { if (n == 0) { 0 } else { 2 * count(n - 1) + 1 } };
puts(countRec(16));
count(62)
