//! Runtime support for compiled traces: the context block, the heap hand-over, and the
//! helpers generated code calls.
//!
//! While a trace runs, the interpreter is suspended inside its dispatch loop, holding
//! `&mut Vm`. Helpers called from JavaScript must reach the heap without a second
//! mutable path to it, so the interpreter *lends* the heap for the duration of the call
//! ([`lend_heap`]): it is moved into a thread-local, the helpers borrow it from there,
//! and it is moved back when the trace returns. The heap is boxed (`Vm::heap`), so the
//! move is a pointer's, and no address JIT code holds (array elements, which live in each
//! array's own buffer) changes. (Moved by value, the heap's fields cost every trace entry:
//! 512 bytes more of them made `quicksort`, 60,000 entries, 11-20% slower.)
//!
//! Helpers take and return plain numbers (heap handles, addresses of 16-byte VM values
//! in memory), so JS calls them through the module's raw exports, without glue.

use std::cell::{Cell, RefCell};

use crate::vm::builtins::Builtin;
use crate::vm::heap::Heap;
use crate::vm::value::{tag, Ref, Value};

/// State shared with generated code, at a fixed address (see `js::CTX_*`).
#[repr(C)]
pub struct JitCtx {
    /// Completed iterations, written by a trace when it exits.
    pub iterations: Cell<f64>,
    /// Non-zero when the collector wants to run: traces exit at their next loop head.
    pub gc_wanted: Cell<i32>,
    /// Address of the heap's JIT table (`Heap::jit_table`), current whenever a trace runs.
    pub table: Cell<u32>,
    /// Steps spent by the completed iterations, written by a trace when it exits.
    pub spent: Cell<f64>,
    /// A nested exit (`js::NESTED_EXIT`): how many `(trace, CallTrace snapshot)` pairs
    /// `chain` holds, innermost caller first ...
    pub chain_len: Cell<u32>,
    /// ... the innermost trace, which left through its own exit ...
    pub innermost_trace: Cell<u32>,
    /// ... and that exit.
    pub innermost_exit: Cell<u32>,
    pub chain: [Cell<u32>; 2 * MAX_NESTING],
    /// Template tier (`template::compile::ctx`): steps left, steps set aside while the
    /// collector wants to run (`template::runtime::allocated`: a zero budget makes
    /// template code hand over at its next call or back-edge), loop iterations run, the
    /// JS call depth at which calls hand over (it also keeps their frames inside the
    /// value stack: `template::enter`), and the
    /// frames recorded by a hand-over (innermost first; proto, closure, base, pc, stack
    /// height).
    pub tpl_steps: Cell<i32>,
    pub tpl_held: Cell<i32>,
    pub tpl_iters: Cell<i32>,
    pub tpl_cap: Cell<u32>,
    pub tpl_nframes: Cell<u32>,
    pub tpl_frames: [Cell<u32>; 5 * (crate::template::MAX_JS_DEPTH as usize + 1)],
    /// The level below its entry (1 the first) at which a function trace abandoned its
    /// call, at an exit or its recursion limit (`js::CTX_DEEP`); 0 for other abandons.
    pub deep: Cell<u32>,
}

impl Default for JitCtx {
    fn default() -> Self {
        JitCtx {
            iterations: Cell::default(),
            gc_wanted: Cell::default(),
            table: Cell::default(),
            spent: Cell::default(),
            chain_len: Cell::default(),
            innermost_trace: Cell::default(),
            innermost_exit: Cell::default(),
            chain: Default::default(),
            tpl_steps: Cell::default(),
            tpl_held: Cell::default(),
            tpl_iters: Cell::default(),
            tpl_cap: Cell::default(),
            tpl_nframes: Cell::default(),
            tpl_frames: std::array::from_fn(|_| Cell::default()),
            deep: Cell::default(),
        }
    }
}

/// Deepest nesting of traces calling inner loops' traces.
pub const MAX_NESTING: usize = 15;

const _: () = assert!(std::mem::offset_of!(JitCtx, iterations) == super::js::CTX_ITERATIONS as usize);
const _: () = assert!(std::mem::offset_of!(JitCtx, gc_wanted) == super::js::CTX_GC_WANTED as usize);
const _: () = assert!(std::mem::offset_of!(JitCtx, spent) == super::js::CTX_SPENT as usize);
const _: () = assert!(std::mem::offset_of!(JitCtx, table) == super::js::CTX_TABLE as usize);
const _: () = assert!(std::mem::offset_of!(JitCtx, chain_len) == super::js::CTX_CHAIN_LEN as usize);
const _: () = assert!(std::mem::offset_of!(JitCtx, chain) == super::js::CTX_CHAIN as usize);

thread_local! {
    static HEAP: RefCell<Box<Heap>> = RefCell::new(Box::default());
    static CTX: &'static JitCtx = Box::leak(Box::default());
    /// Set once code generation turned out to be forbidden here (a CSP): later runs do
    /// not try again, and report it no more.
    static UNAVAILABLE: Cell<bool> = const { Cell::new(false) };
}

/// Whether JIT compilation was found impossible in this host.
pub fn unavailable() -> bool {
    UNAVAILABLE.with(Cell::get)
}

/// Remember that JIT compilation is impossible in this host.
pub fn set_unavailable() {
    UNAVAILABLE.with(|u| u.set(true));
}

/// The context block (its address is passed to every trace).
pub fn ctx() -> &'static JitCtx {
    CTX.with(|c| *c)
}

/// Run `f` with `heap` lent to the helpers (a swap of two boxes: a pointer each way).
pub fn lend_heap<R>(heap: &mut Box<Heap>, f: impl FnOnce() -> R) -> R {
    HEAP.with(|h| std::mem::swap(&mut *h.borrow_mut(), heap));
    allocated();
    let result = f();
    HEAP.with(|h| std::mem::swap(&mut *h.borrow_mut(), heap));
    result
}

/// Whether JIT code should leave for a collection ([`Heap::jit_must_leave`]).
fn jit_must_leave() -> i32 {
    HEAP.with(|h| h.borrow().jit_must_leave() as i32)
}

pub(crate) fn with_heap<R>(f: impl FnOnce(&mut Heap) -> R) -> R {
    HEAP.with(|h| f(&mut h.borrow_mut()))
}

/// A comment unique to this compilation in this process, to put first in generated source.
///
/// V8 caches what it compiles by source text, and code that is compiled again from a
/// cache hit shares the first compilation's type feedback and optimized machine code.
/// Both JIT tiers generate the same text for the same program, so without this a
/// program run twice would run its second time on code V8 had already optimized: a
/// benchmark would measure V8's cache, not what a JIT that hands V8 new code achieves.
pub fn compilation_tag() -> String {
    static COMPILATIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!("/*{}*/", COMPILATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// After an allocation: tell traces whether to stop at the next loop head, and where the
/// JIT table now is.
pub(crate) fn allocated() {
    ctx().gc_wanted.set(jit_must_leave());
    ctx().table.set(with_heap(|heap| heap.jit_table()) as u32);
}

/// Read the VM value at `addr`, validating its tag (JIT code writes only valid values,
/// but a tag byte is never trusted blindly).
///
/// # Safety
/// `addr` must be the address of 16 readable bytes inside this module's memory.
pub unsafe fn read_value(addr: usize) -> Value {
    let p = addr as *const u8;
    // SAFETY: the caller guarantees 16 readable bytes at `addr`; unaligned reads are used
    // for the payload so no alignment is assumed.
    unsafe {
        let payload32 = std::ptr::read_unaligned(p.add(8) as *const u32);
        match *p {
            tag::BOOL => Value::Bool(*p.add(8) != 0),
            tag::INT => Value::Int(std::ptr::read_unaligned(p.add(8) as *const i64)),
            tag::STR => Value::Str(Ref(payload32)),
            tag::ARRAY => Value::Array(Ref(payload32)),
            tag::HASH => Value::Hash(Ref(payload32)),
            tag::CLOSURE => Value::Closure(Ref(payload32)),
            tag::BUILTIN => Builtin::from_id(*p.add(8)).map_or(Value::Null, Value::Builtin),
            tag::CELL => Value::Cell(Ref(payload32)),
            _ => Value::Null,
        }
    }
}

/// Write `value` at `addr`.
///
/// # Safety
/// `addr` must be the 8-aligned address of 16 writable bytes inside this module's memory.
pub unsafe fn write_value(addr: usize, value: Value) {
    // SAFETY: guaranteed by the caller.
    unsafe { std::ptr::write(addr as *mut Value, value) }
}

// Helpers below are exported to JavaScript on wasm32 (raw exports, numbers only). Their
// handle arguments come from values the trace has type-guarded.

/// Length of string `h` in characters.
pub fn slen(h: u32) -> u32 {
    with_heap(|heap| heap.str(Ref(h)).chars as u32)
}

/// `s[i]` into the value at `out`.
pub fn sindex(h: u32, i: f64, out: usize) {
    let v = with_heap(|heap| crate::vm::ops::index(heap, Value::Str(Ref(h)), Value::Int(i as i64)).unwrap_or(Value::Null));
    allocated();
    // SAFETY: `out` is a scratch cell of the running trace.
    unsafe { write_value(out, v) }
}

thread_local! {
    /// Where JS writes a string's UTF-8 bytes for [`str_make`] (`js::helpers_source`'s
    /// `ms`): a buffer that only grows, so JS keeps its address.
    static STR_BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The address of a buffer of at least `cap` bytes for [`str_make`] (growing it may grow
/// memory).
pub fn str_buf(cap: u32) -> u32 {
    STR_BUF.with_borrow_mut(|buf| {
        if buf.len() < cap as usize {
            buf.resize(cap as usize, 0);
        }
        buf.as_ptr() as u32
    })
}

/// A new heap string of the `len` bytes JS wrote at [`str_buf`]'s address: a `jstr`
/// leaving JavaScript (`opt::jstr`). JS encodes well-formed UTF-16 as UTF-8, so the bytes
/// are valid; were they not, the replacement character would stand in.
pub fn str_make(len: u32) -> u32 {
    let text: std::rc::Rc<str> = STR_BUF.with_borrow(|buf| String::from_utf8_lossy(&buf[..(len as usize).min(buf.len())]).into());
    let r = with_heap(|heap| match heap.alloc_str(text) {
        Value::Str(r) => r.0,
        _ => 0,
    });
    allocated();
    r
}

/// What [`strcat`] and [`push`] return when they fail: no handle is `u32::MAX` (the
/// free list's end marker), and a raw Wasm export hands it to JavaScript as `-1`.
pub const NO_OBJECT: u32 = u32::MAX;

/// `a + b` on strings; [`NO_OBJECT`] when the result would be too large (the trace exits,
/// and the interpreter repeats the `+` and raises the error).
pub fn strcat(a: u32, b: u32) -> u32 {
    let v = with_heap(|heap| crate::vm::ops::binary(heap, crate::bytecode::Op::Add, Value::Str(Ref(a)), Value::Str(Ref(b))));
    allocated();
    match v {
        Ok(Value::Str(r)) => r.0,
        _ => NO_OBJECT,
    }
}

/// String equality (1) or not (0).
pub fn str_eq(a: u32, b: u32) -> u32 {
    with_heap(|heap| crate::vm::ops::values_equal(heap, Value::Str(Ref(a)), Value::Str(Ref(b))) as u32)
}

/// String order: -1, 0 or 1.
pub fn str_cmp(a: u32, b: u32) -> i32 {
    with_heap(|heap| heap.str(Ref(a)).text.cmp(&heap.str(Ref(b)).text) as i32)
}

/// `hash[key]` into `out`; 1 when the key is unusable.
pub fn hget(h: u32, key: usize, out: usize) -> u32 {
    // SAFETY: `key` and `out` are VM values or scratch cells of the running trace.
    let key = unsafe { read_value(key) };
    match with_heap(|heap| crate::vm::ops::index(heap, Value::Hash(Ref(h)), key)) {
        Ok(v) => {
            // SAFETY: as above.
            unsafe { write_value(out, v) };
            0
        }
        Err(_) => 1,
    }
}

/// `hash[key] = value`; 1 when the key is unusable.
pub fn hset(h: u32, key: usize, value: usize) -> u32 {
    // SAFETY: VM values or scratch cells of the running trace.
    let (key, value) = unsafe { (read_value(key), read_value(value)) };
    let status = with_heap(|heap| crate::vm::ops::set_index(heap, Value::Hash(Ref(h)), key, value)).is_err() as u32;
    allocated();
    status
}

/// `push(a, value)`: a new array; [`NO_OBJECT`] when the allocator has no room for it
/// (the trace exits, and the interpreter repeats the call and raises `out of memory`).
pub fn push(a: u32, value: usize) -> u32 {
    // SAFETY: a VM value or scratch cell of the running trace.
    let value = unsafe { read_value(value) };
    let r = with_heap(|heap| crate::vm::builtins::push(heap, Ref(a), value));
    allocated();
    match r {
        Ok(Value::Array(r)) => r.0,
        _ => NO_OBJECT,
    }
}

/// `str(value)`: a new string. (The recorder only records it for non-container values,
/// whose printed form needs no program.)
pub fn tostr(value: usize) -> u32 {
    // SAFETY: a VM value or scratch cell of the running trace.
    let value = unsafe { read_value(value) };
    let r = with_heap(|heap| {
        // Never too large: a scalar's or a string's printed form is at most that string.
        let text = crate::vm::print::to_display_string(heap, &crate::bytecode::Program::default(), value).unwrap_or_default();
        match heap.alloc_str(text) {
            Value::Str(r) => r.0,
            _ => 0,
        }
    });
    allocated();
    r
}

#[cfg(target_arch = "wasm32")]
mod exports {
    //! The helpers as raw Wasm exports, and the imports of `runtime.js`.
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn rt_slen(h: u32) -> u32 {
        super::slen(h)
    }
    #[wasm_bindgen]
    pub fn rt_sindex(h: u32, i: f64, out: u32) {
        super::sindex(h, i, out as usize)
    }
    #[wasm_bindgen]
    pub fn rt_strcat(a: u32, b: u32) -> u32 {
        super::strcat(a, b)
    }
    #[wasm_bindgen]
    pub fn rt_str_buf(cap: u32) -> u32 {
        super::str_buf(cap)
    }
    #[wasm_bindgen]
    pub fn rt_str_make(len: u32) -> u32 {
        super::str_make(len)
    }
    #[wasm_bindgen]
    pub fn rt_str_eq(a: u32, b: u32) -> u32 {
        super::str_eq(a, b)
    }
    #[wasm_bindgen]
    pub fn rt_str_cmp(a: u32, b: u32) -> i32 {
        super::str_cmp(a, b)
    }
    #[wasm_bindgen]
    pub fn rt_hget(h: u32, key: u32, out: u32) -> u32 {
        super::hget(h, key as usize, out as usize)
    }
    #[wasm_bindgen]
    pub fn rt_hset(h: u32, key: u32, value: u32) -> u32 {
        super::hset(h, key as usize, value as usize)
    }
    #[wasm_bindgen]
    pub fn rt_push(a: u32, value: u32) -> u32 {
        super::push(a, value as usize)
    }
    #[wasm_bindgen]
    pub fn rt_tostr(value: u32) -> u32 {
        super::tostr(value as usize)
    }

    #[wasm_bindgen(module = "/src/jit/runtime.js")]
    extern "C" {
        fn jit_init(memory: JsValue, exports: JsValue, helpers: &str, exit_section: &str);
        fn jit_compile(source: &str, slot: u32) -> i32;
        fn jit_enter(id: u32, base: u32, globals: u32, scratch: u32, ctx: u32, steps: f64) -> u32;
        fn jit_reset();
    }

    /// Prepare the JS runtime for a new program.
    pub fn init() {
        jit_init(wasm_bindgen::memory(), wasm_bindgen::exports(), &super::super::js::helpers_source(), super::super::js::EXIT_SECTION);
        jit_reset();
    }

    /// Compile trace source into slot `slot`, behind a [`compilation_tag`](super::compilation_tag);
    /// `None` when `new Function` is forbidden.
    pub fn compile(source: &str, slot: u32) -> Option<u32> {
        u32::try_from(jit_compile(&(super::compilation_tag() + source), slot)).ok()
    }

    pub fn enter(id: u32, base: usize, globals: usize, scratch: usize, ctx: usize, steps: f64) -> u32 {
        jit_enter(id, base as u32, globals as u32, scratch as u32, ctx as u32, steps)
    }
}

#[cfg(target_arch = "wasm32")]
pub use exports::{compile, enter, init};

// Natively there is no JavaScript engine: the trace tier is not available, and these
// are never reached (`Tier::Trace` does not resolve).
#[cfg(not(target_arch = "wasm32"))]
pub fn init() {}

#[cfg(not(target_arch = "wasm32"))]
pub fn compile(_source: &str, _slot: u32) -> Option<u32> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
pub fn enter(_id: u32, _base: usize, _globals: usize, _scratch: usize, _ctx: usize, _steps: f64) -> u32 {
    0
}
