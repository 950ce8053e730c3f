//! Runtime support for template code: the slow-path helpers it calls (raw Wasm exports
//! taking addresses of 16-byte VM values in memory and returning numbers), and the
//! imports of `runtime.js`, which compiles and enters template functions.
//!
//! Helpers reach the heap the trace tier's way (`jit::runtime::lend_heap`); builtins and
//! closures also need the program, and `puts` an output: [`lend`] makes both reachable
//! for the duration of one entry (the output is buffered and handed back after it).
//! A helper that fails returns non-zero *without side effects*; the template code then
//! hands the instruction to the interpreter, which reports the error itself.

use std::cell::{Cell, RefCell};

use crate::bytecode::{Op, Program};
use crate::jit::runtime::{ctx, read_value, with_heap, write_value};
use crate::vm::builtins::Builtin;
use crate::vm::ops;
use crate::vm::value::{Ref, Value};

thread_local! {
    /// The running program while template code runs (see [`lend`]).
    static PROGRAM: Cell<*const Program> = const { Cell::new(std::ptr::null()) };
    /// What compiling a callee needs while template code runs (see [`lend`]).
    static COMPILER: Cell<Option<Compiler>> = const { Cell::new(None) };
    /// `puts` output of template code, written out after each entry.
    static OUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// What template code needs to compile a function it calls ([`compile_call`]): the
/// template tier's state, the trace tier's (whose loop countdowns compiled code counts
/// down; null without it), and the run's base addresses.
#[derive(Clone, Copy)]
pub struct Compiler {
    pub tpl: *mut super::TemplateJit,
    pub jit: *const crate::jit::TraceJit,
    pub globals: u32,
    pub consts: u32,
}

/// Run `f` with `program` and `compiler` reachable by the helpers; returns `f`'s result
/// and the output the helpers produced. Nothing else may touch the states `compiler`
/// points to while `f` runs.
pub fn lend<R>(program: &Program, compiler: Compiler, f: impl FnOnce() -> R) -> (R, String) {
    let previous = PROGRAM.with(|p| p.replace(program));
    let previous_compiler = COMPILER.with(|c| c.replace(Some(compiler)));
    let result = f();
    PROGRAM.with(|p| p.set(previous));
    COMPILER.with(|c| c.set(previous_compiler));
    (result, OUT.with(|o| std::mem::take(&mut *o.borrow_mut())))
}

/// Template code calls function `proto`, which has no code: count the call as the
/// interpreter does, and compile it if that makes it hot (under `template`: at once).
/// 1 when `proto` now has code (in `T`); 0 when the call must go through the interpreter.
/// A first call therefore no longer makes its caller hand over: the caller would have
/// gone on in the interpreter, and its loop in code compiled again for entry at its head,
/// cold in V8 (quicksort under template: -27%).
pub fn compile_call(proto: u32) -> u32 {
    let Some(c) = COMPILER.with(Cell::get) else { return 0 };
    with_program(|program| {
        // SAFETY: `lend` set these for the duration of an entry whose caller holds both
        // states without touching them (`Vm::enter_template`); JS is single-threaded, and
        // compiling runs no template code, so this is the only reference while it lives.
        let (tpl, jit) = unsafe { (&mut *c.tpl, c.jit.as_ref()) };
        let env = super::compile::Env::new(c.globals, c.consts, jit, proto);
        u32::from(tpl.on_call(program, proto, &env))
    })
    .unwrap_or(0)
}

fn with_program<R>(f: impl FnOnce(&Program) -> R) -> Option<R> {
    let p = PROGRAM.with(Cell::get);
    // SAFETY: set by `lend` to a program borrowed for the whole of the entry it wraps,
    // and restored before that borrow ends; helpers run only inside such an entry.
    (!p.is_null()).then(|| f(unsafe { &*p }))
}

/// After template code allocated (or on entering it): note whether the collector wants to
/// run and where the JIT table is (`jit::runtime::allocated`), and if it wants to run, set
/// the step budget aside (`tpl_held`). Template code then hands over at its next call or
/// back-edge, which test the budget alone — one check where a budget and a collector
/// flag were two (the interpreter adds the budget back: `Vm::enter_template`).
pub fn allocated() {
    crate::jit::runtime::allocated();
    hold_steps();
}

/// If the collector wants to run, set template code's step budget aside.
pub fn hold_steps() {
    let c = ctx();
    if c.gc_wanted.get() != 0 {
        c.tpl_held.set(c.tpl_held.get() + c.tpl_steps.get());
        c.tpl_steps.set(0);
    }
}

/// Read the VM value at `addr`.
fn value(addr: usize) -> Value {
    // SAFETY: template code passes addresses of slots of its own frame (inside the VM
    // stack) or of a cell's value.
    unsafe { read_value(addr) }
}

fn put(addr: usize, v: Value) {
    // SAFETY: as in `value`; slots are 8-aligned.
    unsafe { write_value(addr, v) }
}

/// `x op y` for binary opcode byte `op` (arithmetic, comparison, `Index`), into `x`.
pub fn binary(op: u32, x: usize, y: usize) -> u32 {
    let Some(op) = u8::try_from(op).ok().and_then(Op::from_byte) else { return 1 };
    let (a, b) = (value(x), value(y));
    let result = with_heap(|heap| if op == Op::Index { ops::index(heap, a, b) } else { ops::binary(heap, op, a, b) });
    allocated();
    match result {
        Ok(v) => {
            put(x, v);
            0
        }
        Err(_) => 1,
    }
}

/// Call builtin `id` with the `argc` values after `callee`; the result replaces the callee.
pub fn builtin(id: u32, callee: usize, argc: u32) -> u32 {
    let Some(b) = u8::try_from(id).ok().and_then(Builtin::from_id) else { return 1 };
    let args: Vec<Value> = (0..argc as usize).map(|i| value(callee + 16 * (i + 1))).collect();
    // A failing `puts` may have printed its first arguments: take them back, as the
    // interpreter does the call again and prints them itself.
    let result = with_program(|program| {
        OUT.with(|out| {
            let mut out = out.borrow_mut();
            let printed = out.len();
            let result = with_heap(|heap| b.call(&args, heap, program, &mut *out));
            if result.is_err() {
                out.truncate(printed);
            }
            result
        })
    });
    allocated();
    match result {
        Some(Ok(v)) => {
            put(callee, v);
            0
        }
        _ => 1,
    }
}

/// `MakeCell` on the local in slot `slot`; returns the new cell's handle.
pub fn make_cell(slot: usize) -> u32 {
    let mut v = value(slot);
    with_heap(|heap| ops::make_cell(heap, &mut v));
    allocated();
    put(slot, v);
    v.heap_ref().map_or(0, |r| r.0)
}

/// A closure of function `proto`, capturing cells of the frame at `base` and of the
/// running closure `closure`. Returns its handle.
pub fn closure(proto: u32, closure: u32, base: usize) -> u32 {
    let made = with_program(|p| {
        let captures = &p.protos.get(proto as usize)?.captures;
        Some(with_heap(|heap| {
            ops::make_closure(heap, proto, captures, Ref(closure), |heap, slot| {
                let addr = base + 16 * slot as usize;
                let mut v = value(addr);
                let cell = ops::ensure_cell(heap, &mut v);
                put(addr, v);
                cell
            })
        }))
    });
    allocated();
    made.flatten().and_then(Value::heap_ref).map_or(0, |r| r.0)
}

/// A new array of the `n` values from `items` on. Returns its handle.
pub fn array(items: usize, n: u32) -> u32 {
    let values = (0..n as usize).map(|i| value(items + 16 * i)).collect();
    let array = with_heap(|heap| heap.alloc_array(values));
    allocated();
    array.heap_ref().map_or(0, |r| r.0)
}

/// A new hash of the `n` key/value pairs from `items` on, into the first slot.
pub fn hash(items: usize, n: u32) -> u32 {
    let values: Vec<Value> = (0..2 * n as usize).map(|i| value(items + 16 * i)).collect();
    let result = with_heap(|heap| ops::make_hash(heap, &values));
    allocated();
    match result {
        Ok(v) => {
            put(items, v);
            0
        }
        Err(_) => 1,
    }
}

/// `container[index] = value` for the three values from `at` on.
pub fn set_index(at: usize) -> u32 {
    let (c, i, v) = (value(at), value(at + 16), value(at + 32));
    let result = with_heap(|heap| ops::set_index(heap, c, i, v));
    allocated();
    result.is_err() as u32
}

/// The next character of the string in slot `coll` at the cursor in slot `cursor`, into
/// `out`, advancing the cursor: 1, or 0 at the end.
pub fn iter_next(coll: usize, cursor: usize, out: usize) -> u32 {
    let (Value::Str(s), Value::Int(at)) = (value(coll), value(cursor)) else { return 0 };
    let next = with_heap(|heap| ops::next_char(heap, s, at as usize));
    allocated();
    match next {
        Some((v, end)) => {
            put(out, v);
            put(cursor, Value::Int(end as i64));
            1
        }
        None => 0,
    }
}

#[cfg(target_arch = "wasm32")]
mod exports {
    //! The helpers as raw Wasm exports, and the imports of `runtime.js`.
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn rt_tpl_binary(op: u32, x: u32, y: u32) -> u32 {
        super::binary(op, x as usize, y as usize)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_builtin(id: u32, callee: u32, argc: u32) -> u32 {
        super::builtin(id, callee as usize, argc)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_make_cell(slot: u32) -> u32 {
        super::make_cell(slot as usize)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_closure(proto: u32, closure: u32, base: u32) -> u32 {
        super::closure(proto, closure, base as usize)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_array(items: u32, n: u32) -> u32 {
        super::array(items as usize, n)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_hash(items: u32, n: u32) -> u32 {
        super::hash(items as usize, n)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_set_index(at: u32) -> u32 {
        super::set_index(at as usize)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_compile_call(proto: u32) -> u32 {
        super::compile_call(proto)
    }
    #[wasm_bindgen]
    pub fn rt_tpl_iter_next(coll: u32, cursor: u32, out: u32) -> u32 {
        super::iter_next(coll as usize, cursor as usize, out as usize)
    }

    #[wasm_bindgen(module = "/src/template/runtime.js")]
    extern "C" {
        fn tpl_init(memory: JsValue, exports: JsValue, functions: u32, steps: u32);
        fn tpl_compile(source: &str, proto: u32, entry: u32, arity: u32, frame_bytes: u32) -> f64;
        fn tpl_enter(proto: u32, base: u32, closure: u32, entry: u32) -> u32;
    }

    pub fn init(functions: usize) {
        // The step budget's index in an `Int32Array` view (`builtin` in runtime.js takes
        // a step).
        let steps = (crate::jit::runtime::ctx() as *const _ as usize as u32 + crate::template::compile::ctx::STEPS) / 4;
        tpl_init(wasm_bindgen::memory(), wasm_bindgen::exports(), functions as u32, steps);
    }

    pub fn compile(source: &str, proto: u32, entry: u32, arity: u32, frame_bytes: u32) -> Option<f64> {
        let us = tpl_compile(source, proto, entry, arity, frame_bytes);
        (us >= 0.0).then_some(us)
    }

    pub fn enter(proto: u32, base: usize, closure: u32, entry: u32) -> u32 {
        tpl_enter(proto, base as u32, closure, entry)
    }
}

#[cfg(target_arch = "wasm32")]
pub use exports::{compile, enter, init};

// Natively there is no JavaScript engine (`Tier::Template` does not resolve there).
#[cfg(not(target_arch = "wasm32"))]
pub fn init(_functions: usize) {}

#[cfg(not(target_arch = "wasm32"))]
pub fn compile(_source: &str, _proto: u32, _entry: u32, _arity: u32, _frame_bytes: u32) -> Option<f64> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
pub fn enter(_proto: u32, _base: usize, _closure: u32, _entry: u32) -> u32 {
    ENTER_FAILED
}

/// What `enter` returns when the engine's stack ran out (a `RangeError`).
pub const ENTER_FAILED: u32 = 2;
