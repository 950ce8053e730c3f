// Index: array[int] reads the element in place (JIT table: elements pointer, length);
// past the end or negative is null. The table's length word is an array of values' length,
// ~length for an array of integers (doubles, no tags: `src/vm/array.rs`) and 0 for
// one of booleans (a byte each; its length is its buffer's first word): compared signed,
// each kind's test fails for the others. Strings, hashes and errors: the slow path.
if (t$X === $ARRAY && t$Y === $INT) {
  const e = (H32[$TABLE] >>> 2) + 2 * a$X;
  if (b$Y === 0 && a$Y >>> 0 < H32[e + 1]) {
    const p = (H32[e] >>> 2) + 4 * a$Y;
    t$X = H8[p * 4]; a$X = H32[p + 2]; b$X = H32[p + 3];
  } else if (b$Y === 0 && a$Y >>> 0 < ~H32[e + 1]) {
    const x = F64[(((H32[e] >>> 0) + $INTS_AT) >>> 3) + a$Y];
    t$X = $INT; a$X = x | 0; b$X = a$X === x ? a$X >> 31 : Math.floor(x / 4294967296) | 0;
  } else if ((H32[e] & 7) === $KIND_BOOLS && b$Y === 0 && a$Y >>> 0 < H32[H32[e] >>> 2] >>> 0) {
    t$X = $BOOL; a$X = H8[(H32[e] >>> 0) + $BOOLS_AT + a$Y]; b$X = 0;
  } else {
    t$X = $NULL; a$X = 0; b$X = 0;
  }
} else {
  $SLOW_BINARY
}
