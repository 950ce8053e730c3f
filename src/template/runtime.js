// The JavaScript half of the template tier's runtime (a wasm-bindgen snippet: the Wasm
// module imports these functions). It compiles template functions with `new Function`
// and enters them.
//
// Each compiled function's source (see src/template/compile.rs) is the body of a
// factory taking `rt` (the module's raw exports: the slow-path helpers), `M` (the
// WebAssembly.Memory), `T` (the table of compiled functions, by function index: template
// code calls other template code through it) and `PI` (per function: arity, frame size
// in bytes). The factory makes the views of memory the function uses and returns it.

let memory = null;
let helpers = null;
let table = [];
let info = new Int32Array(0);

export function tpl_init(mem, exports, functions) {
  memory = mem;
  helpers = exports;
  table = new Array(functions).fill(undefined);
  info = new Int32Array(2 * functions);
}

// Compile function `proto`; returns the µs spent in `new Function` and making the
// function, or -1 when code generation is forbidden here (a Content-Security-Policy).
export function tpl_compile(source, proto, arity, frameBytes) {
  const t0 = performance.now();
  let make;
  try {
    make = new Function('rt', 'M', 'T', 'PI', source);
  } catch (e) {
    if (e instanceof EvalError) return -1;
    throw e;
  }
  info[2 * proto] = arity;
  info[2 * proto + 1] = frameBytes;
  table[proto] = make(helpers, memory, table, info);
  return (performance.now() - t0) * 1000;
}

// Run function `proto`'s template code for the frame at byte address `base`, from pc
// `entry`. It returns when it hands over to the interpreter (1), having recorded the
// frames to resume in the context block; 2 when the engine's own stack ran out.
export function tpl_enter(proto, base, closure, entry) {
  try {
    return table[proto](base, closure, 0, entry);
  } catch (e) {
    if (e instanceof RangeError) return 2;
    throw e;
  }
}
