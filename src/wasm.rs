//! The WebAssembly bindings (wasm-bindgen): a thin layer over [`crate::api`].
//!
//! Options and results cross as plain JS objects through serde-wasm-bindgen. Option
//! validation happens here so that a typo (`maxstep`) is an error, not silently ignored.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::api::{self, Options, Tier};
use crate::jit::opt::PassSet;

/// The allocator: dlmalloc, as std's own, but a version that first hands out the memory
/// the module starts with (`__heap_base` to `__heap_end`, 64 MiB: `--initial-memory` in
/// build.rs) and grows memory only past it. Growing a Wasm memory detaches its old
/// `ArrayBuffer`, and V8, once any buffer in the process has been detached, checks for
/// detachment at every typed-array access in optimized code: in every trace and template
/// function, at every read and write of VM memory (matmul's inner trace 20-30% slower).
/// std's copy grows at its first allocation; this one keeps such programs from ever
/// growing (ARCHITECTURE.md, "Performance notes").
///
/// Its methods are kept out of line, as std's are: inlined into every caller, as its own
/// `#[inline]` would have them, they made the module 68 kB larger.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

struct Allocator;

unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        dlmalloc::GlobalDlmalloc.alloc(layout)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        dlmalloc::GlobalDlmalloc.dealloc(ptr, layout)
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        dlmalloc::GlobalDlmalloc.alloc_zeroed(layout)
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        dlmalloc::GlobalDlmalloc.realloc(ptr, layout, new_size)
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    tier: Option<String>,
    max_steps: Option<f64>,
    max_heap: Option<f64>,
    hot_loop: Option<f64>,
    hot_func: Option<f64>,
    /// Optimizer passes: `-peel,-cse` switches passes off, `fold,dce` runs only those.
    opt: Option<String>,
    /// JIT dumps into the result's `dump`: a comma list of `ir`, `ir-opt`, `js`.
    dump: Option<String>,
    /// Set by `js/api.js` (not a user option) when too little of the engine's stack is
    /// left where `run` was called for JIT code: see [`Options::low_stack`].
    low_stack: Option<bool>,
}

/// The largest `maxHeap` the Wasm build takes: the live heap, the budget past it, the JIT
/// slack and one large allocation must fit in Wasm's 4 GiB.
const MAX_HEAP_LIMIT: u64 = 2 << 30;

fn parse_options(options: JsValue) -> Result<Options, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    let js: JsOptions = serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("invalid options: {e}")))?;
    let mut out = Options::default();
    if let Some(tier) = js.tier {
        out.tier = Tier::parse(&tier)
            .ok_or_else(|| JsError::new(&format!("invalid options: unknown tier `{tier}` (expected one of {})", Tier::NAMES.join(", "))))?;
    }
    let count = |name: &str, v: Option<f64>| -> Result<Option<u64>, JsError> {
        match v {
            None => Ok(None),
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(Some(n as u64)),
            Some(n) => Err(JsError::new(&format!("invalid options: `{name}` must be a non-negative integer, got {n}"))),
        }
    };
    out.max_steps = count("maxSteps", js.max_steps)?;
    out.max_heap = count("maxHeap", js.max_heap)?;
    if out.max_heap.is_some_and(|n| n > MAX_HEAP_LIMIT) {
        return Err(JsError::new(&format!("invalid options: `maxHeap` must be at most {MAX_HEAP_LIMIT} (2 GiB): Wasm memory ends at 4 GiB")));
    }
    out.hot_loop = count("hotLoop", js.hot_loop)?.map(|n| n.min(u64::from(u32::MAX)) as u32);
    out.hot_func = count("hotFunc", js.hot_func)?.map(|n| n.min(u64::from(u32::MAX)) as u32);
    out.low_stack = js.low_stack.unwrap_or(false);
    if let Some(spec) = js.opt {
        out.passes = PassSet::parse(&spec).map_err(|e| JsError::new(&format!("invalid options: {e}")))?;
    }
    if let Some(spec) = js.dump {
        for kind in spec.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match kind {
                "bytecode" => out.dumps.bytecode = true,
                "ir" => out.dumps.ir = true,
                "passes" => out.dumps.passes = true,
                "ir-opt" => out.dumps.ir_opt = true,
                "js" => out.dumps.js = true,
                "template" => out.dumps.template = true,
                other => return Err(JsError::new(&format!("invalid options: unknown dump `{other}` (bytecode, ir, passes, ir-opt, js, template)"))),
            }
        }
    }
    Ok(out)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// Run a program: `{ stdout, result, error, stats }`.
#[wasm_bindgen]
pub fn run(source: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    to_js(&api::run(source, &options))
}

/// The bytecode listing of a program; throws with the syntax or compile errors.
#[wasm_bindgen]
pub fn disassemble(source: &str) -> Result<String, JsError> {
    api::disassemble(source).map_err(|e| JsError::new(&e))
}

/// The tiers this build can run (`auto` included).
#[wasm_bindgen]
pub fn tiers() -> Vec<String> {
    api::available_tiers().into_iter().map(String::from).collect()
}

/// The trace optimizer's passes, in pipeline order (names for the `opt` option).
#[wasm_bindgen]
pub fn passes() -> Vec<String> {
    crate::jit::opt::PASSES.iter().map(|p| p.to_string()).collect()
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[derive(Serialize)]
struct EvalResult {
    stdout: String,
    result: Option<String>,
    error: Option<String>,
}

/// A REPL session whose globals persist between entries.
#[wasm_bindgen]
pub struct Session {
    inner: api::Session,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session { inner: api::Session::new() }
    }

    /// Evaluate one entry: `{ stdout, result, error }`.
    pub fn eval(&mut self, source: &str) -> Result<JsValue, JsError> {
        let mut stdout = String::new();
        let outcome = self.inner.eval(source, &mut stdout);
        let (result, error) = match outcome {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        to_js(&EvalResult { stdout, result, error })
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}
