// SetCell: pop into the cell held by local $L (or into the local, before its `let`).
if (t$L === $CELL) {
  const p = H32[(H32[$TABLE] >>> 2) + 2 * a$L] >>> 2;
  H32[p] = t$X; H32[p + 2] = a$X; H32[p + 3] = b$X;
} else {
  t$L = t$X; a$L = a$X; b$L = b$X;
}
