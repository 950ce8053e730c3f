// GetFree: push captured cell $ARG of the running closure: closure -> its cells (JIT
// table) -> the cell's value address (JIT table).
{
  const tb = H32[$TABLE] >>> 2;
  const p = H32[tb + 2 * H32[(H32[tb + 2 * C + 1] >>> 2) + $ARG]] >>> 0;
  t$R = H8[p]; a$R = H32[(p >>> 2) + 2]; b$R = H32[(p >>> 2) + 3];
}
