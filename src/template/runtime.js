// The JavaScript half of the template tier's runtime (a wasm-bindgen snippet: the Wasm
// module imports these functions). It compiles template functions with `new Function`
// and enters them.
//
// Each compiled function's source (see src/template/compile.rs) is the body of a
// factory taking `rt` (the module's raw exports: the slow-path helpers), `M` (the
// WebAssembly.Memory), `T` (the table of compiled functions, by function index: template
// code calls other template code through it), `PI` (per function: arity, frame size in
// bytes), `S`, `R` (`slow` below and its result) and `BU` (`builtin` below). The factory
// makes the views of memory the function uses and returns it.

let memory = null;
let helpers = null;
let table = [];
// Code entered at loop headers, by `entryKey(proto, pc)`.
let entries = new Map();
const entryKey = (proto, pc) => proto * 4294967296 + pc;
let info = new Int32Array(0);
// The result of `slow` and `builtin` (tag, low, high; steps left), read by the template
// code that called them.
const result = new Int32Array(4);

let h32 = new Int32Array(0);
// Make `h32`, the view of memory `slow`, `builtin` and `tpl_enter` use, again if memory
// grew (growing detaches the old buffer).
function view() {
  if (h32.length === 0) h32 = new Int32Array(memory.buffer);
}

// The slow path of a binary operator, shared by all template code to keep it small:
// write the operands (two slots at `addr`) to memory, let the runtime compute `op`
// into the first, and return it in `result`. Non-zero: the operation failed (the
// template code hands it to the interpreter, which reports the error). The caller's
// step budget `st` goes to memory for the runtime, which may set it aside for the
// collector, and comes back in `result[3]` either way.
function slow(op, addr, st, t1, a1, b1, t2, a2, b2) {
  view();
  const w = addr >>> 2;
  h32[w] = t1; h32[w + 2] = a1; h32[w + 3] = b1;
  h32[w + 4] = t2; h32[w + 6] = a2; h32[w + 7] = b2;
  h32[STEPS] = st;
  const failed = helpers.rt_tpl_binary(op, addr, addr + 16);
  view();
  result[3] = h32[STEPS];
  if (failed !== 0) return 1;
  result[0] = h32[w] & 255; result[1] = h32[w + 2]; result[2] = h32[w + 3];
  return 0;
}

// The index (in an `Int32Array` view) of the context block's step budget.
let STEPS = 0;

// A `Call` of builtin `id`, its callee slot at byte `addr` and its arguments after it in
// memory, by a caller with `st` steps left: 0 when done (result in the callee slot, the
// step taken), 1 when the caller must hand it to the interpreter (no steps left, or the
// builtin failed: the interpreter then does the call again, and takes its step). Either
// way the steps left come back in `result[3]`: the step is taken in memory before the
// call, as a builtin that allocates may set the budget aside for the collector.
function builtin(id, addr, argc, st) {
  result[3] = st;
  if (st === 0) return 1;
  view();
  h32[STEPS] = st - 1;
  const failed = helpers.rt_tpl_builtin(id, addr, argc);
  view();
  if (failed !== 0) h32[STEPS] += 1;
  result[3] = h32[STEPS];
  return failed === 0 ? 0 : 1;
}

export function tpl_init(mem, exports, functions, steps) {
  STEPS = steps;
  memory = mem;
  helpers = exports;
  table = new Array(functions).fill(undefined);
  entries = new Map();
  info = new Int32Array(2 * functions);
  h32 = new Int32Array(memory.buffer);
}

// Compile function `proto` for entry at pc `entry` (0: the code calls use); returns the
// µs spent in `new Function` and making the function, or -1 when code generation is
// forbidden here (a Content-Security-Policy).
export function tpl_compile(source, proto, entry, arity, frameBytes) {
  const t0 = performance.now();
  let make;
  try {
    make = new Function('rt', 'M', 'T', 'PI', 'S', 'R', 'BU', source);
  } catch (e) {
    if (e instanceof EvalError) return -1;
    throw e;
  }
  info[2 * proto] = arity;
  info[2 * proto + 1] = frameBytes;
  const f = make(helpers, memory, table, info, slow, result, builtin);
  if (entry === 0) table[proto] = f;
  else entries.set(entryKey(proto, entry), f);
  return (performance.now() - t0) * 1000;
}

// Run function `proto`'s template code for the frame at byte address `base`, from pc
// `entry`, with the context block's step budget. It returns when it hands over to the
// interpreter (1), having recorded the frames to resume and the steps left in the
// context block; 2 when the engine's own stack ran out.
export function tpl_enter(proto, base, closure, entry) {
  try {
    const f = entry === 0 ? table[proto] : entries.get(entryKey(proto, entry));
    view();
    return f(base, closure, 0, h32[STEPS]) < 0 ? 1 : 3;
  } catch (e) {
    if (e instanceof RangeError) return 2;
    throw e;
  }
}
