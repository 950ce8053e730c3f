// GetCell: local $L holds a cell once its `let` ran: read the cell's value through the
// heap's JIT table (a cell's value never moves); before that, the plain value.
if (t$L === $CELL) {
  const p = H32[(H32[$TABLE] >>> 2) + 2 * a$L] >>> 0;
  t$R = H8[p]; a$R = H32[(p >>> 2) + 2]; b$R = H32[(p >>> 2) + 3];
} else {
  t$R = t$L; a$R = a$L; b$R = b$L;
}
