// SetFree: pop into captured cell $ARG of the running closure.
{
  const tb = H32[$TABLE] >>> 2;
  const p = H32[tb + 2 * H32[(H32[tb + 2 * C + 1] >>> 2) + $ARG]] >>> 2;
  H32[p] = t$X; H32[p + 2] = a$X; H32[p + 3] = b$X;
}
