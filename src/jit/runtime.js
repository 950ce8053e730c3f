// The JavaScript half of the trace tier's runtime (a wasm-bindgen snippet: the Wasm
// module imports these functions). It compiles generated trace source with
// `new Function` and runs traces with fresh typed-array views of Wasm memory.
//
// Traces close over `rt` (the module's raw exports: runtime helpers taking and
// returning plain numbers) and `M` (the WebAssembly.Memory), so that a helper that grows
// memory can be followed by re-deriving the views (DESIGN.md invariant 3).

let memory = null;
let helpers = null;
const traces = [];
let h8 = null;
let h32 = null;
let f64 = null;

export function jit_init(mem, exports) {
  memory = mem;
  helpers = exports;
}

// Compile trace `slot` (replacing an earlier version of it); returns the slot, or -1
// when code generation is forbidden here (a Content-Security-Policy without
// 'unsafe-eval' makes `new Function` throw). Traces call inner loops' traces through
// `T`, this table, so a recompiled inner trace is picked up at once.
export function jit_compile(source, slot) {
  let make;
  try {
    make = new Function('rt', 'M', 'T', source);
  } catch (e) {
    if (e instanceof EvalError) return -1;
    throw e;
  }
  traces[slot] = make(helpers, memory, traces);
  return slot;
}

// Run trace `id`; returns the index of the snapshot it left through.
export function jit_enter(id, base, globals, scratch, ctx, steps) {
  // Growing the memory detaches its old buffer: a view of length 0 is out of date.
  if (h8 === null || h8.length === 0) {
    h8 = new Uint8Array(memory.buffer);
    h32 = new Int32Array(memory.buffer);
    f64 = new Float64Array(memory.buffer);
  }
  try {
    return traces[id](base, globals, scratch, ctx, steps, h8, h32, f64, 0);
  } catch (e) {
    // The engine's own stack ran out in a function trace's recursion: such traces have
    // no side effects, so the interpreter simply runs the call (ABANDONED in js.rs).
    if (e instanceof RangeError) return 0x3fffffff;
    throw e;
  }
}

// Forget every compiled trace (a new program starts).
export function jit_reset() {
  traces.length = 0;
}
