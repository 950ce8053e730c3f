//! JS code generation: optimized trace IR → the source of one JavaScript function.
//!
//! The generated function is `function trace(B, G, X, C, steps, H8, H32, F64)`:
//! `B` is the byte address of the root frame's local 0 in Wasm memory, `G` of global 0,
//! `X` of the trace's scratch cells, `C` of the shared JIT context (`runtime.rs`),
//! `steps` the step budget, and `H8`/`H32`/`F64` typed-array views of memory. It closes
//! over `rt` (the Wasm module's raw exports, for runtime helpers) and `M` (the memory,
//! to re-derive views after a helper that may grow it). It returns the index of the
//! snapshot whose guard failed, after writing that snapshot back to memory.
//!
//! Shape: pre-roll instructions, `let` for each PHI, then `for (;;) { body; PHI updates }`
//! (an unpeeled trace is all body). Each SSA value is a `const` (or a `let` for PHIs);
//! `int` values are JS numbers kept exact by the guards the IR carries (DESIGN.md
//! invariant 5); boxed values are addresses. The source contains only numbers,
//! identifiers and fixed code: string constants and closures are heap handles (numbers),
//! never user text (invariant 6).

use std::collections::HashMap;
use std::fmt::Write;

use super::ir::*;

/// The packed-booleans array kind, as `ALen`/`ALoad`/`AStore`'s `imm` and in a JIT table
/// pointer's low bits; and where such an array's first element is from that pointer.
const BOOLS: i64 = crate::vm::array::kind::BOOLS as i64;
const BOOLS_AT: usize = crate::vm::array::BOOLS_AT;
const INTS: i64 = crate::vm::array::kind::INTS as i64;
const INTS_AT: usize = crate::vm::array::INTS_AT;

/// Deepest recursion of a function trace in JS before it hands over to the interpreter.
pub const MAX_RECURSION: u32 = 400;

/// The engine's stack a function trace's recursion may take, of the `api::JIT_STACK`
/// that `run()` finds free: a trace recurses at most as deep as this holds of its
/// estimated frames ([`recursion_limit`]). With 400 levels whatever their size, a
/// function of 32 `let`s ran node's whole stack out inside a Rust helper, leaving the
/// Wasm module half-updated (found in review).
const FUNCTION_TRACE_STACK: usize = 192 << 10;

/// Where the recursion limit goes in a function trace's checks, once its code is known.
const DEPTH_LIMIT: &str = "/*depth limit*/";

/// How deep a function trace may recurse whose levels are `body` (the recursive JS
/// function's code) plus `wrapper` bytes of frame: V8's interpreter gives each value a
/// register, about 6 bytes of our source per byte of frame (measured: 348 names in
/// 17.8 KB of code, about 2.5 KB a level); estimated at twice that, plus 512 bytes a level.
fn recursion_limit(body: &str, wrapper: usize) -> u32 {
    let frame = body.len() / 3 + 512 + wrapper;
    (FUNCTION_TRACE_STACK / frame).clamp(1, MAX_RECURSION as usize) as u32
}

/// The frame an untyped function trace's level adds around `level`: `trace`, which sets
/// the script's state and calls it.
const TRACE_WRAPPER_FRAME: usize = 200;

/// Largest integer a JS number holds exactly.
const MAX_SAFE: &str = "9007199254740991";

/// Byte offset of the iteration count in the JIT context (an f64).
pub const CTX_ITERATIONS: u32 = 0;
/// Byte offset of the "collector wants to run" flag in the JIT context (an i32).
pub const CTX_GC_WANTED: u32 = 8;
/// Byte offset of the address of the heap's JIT table (an i32): two words per handle.
pub const CTX_TABLE: u32 = 12;
/// The JS expression for the address of the heap's JIT table, read from the context
/// block (where a function trace needs it).
fn table_address() -> String {
    format!("(H32[(C + {CTX_TABLE}) >>> 2] >>> 0)")
}
/// The JS variable a loop trace keeps that address in: read at entry, and again after
/// each helper that may allocate (which may move the table: see [`Gen::refresh_views`]).
/// A trace indexing arrays of arrays read it twice an iteration from memory, which V8
/// does not hoist (A/B, 21 runs each way: matmul -5% and -7%, array_sum -2% and -4%).
const TABLE_VAR: &str = "OT";
/// Byte offset of the steps spent by completed iterations (an f64).
pub const CTX_SPENT: u32 = 16;

/// The exit id meaning "a trace called through `CallTrace` left through its own exit".
/// Each level it passed through appends `(its trace, its CallTrace snapshot)` to the chain
/// in the context block (`CTX_CHAIN*`), so the interpreter can rebuild every level's frames.
pub const NESTED_EXIT: u32 = 0x4000_0000;
/// Byte offsets in the context block of the nested-exit chain: its length, the innermost
/// trace and its exit, then the `(trace, snapshot)` pairs.
pub const CTX_CHAIN_LEN: u32 = 24;
pub const CTX_CHAIN: u32 = 36;
/// Byte offset of the level (a u32, `JitCtx::deep`, written through `H32`) at which a
/// function trace abandoned its call.
pub const CTX_DEEP: u32 = std::mem::offset_of!(super::runtime::JitCtx, deep) as u32;

/// The statement that notes the level (`depth`) abandoning the whole call, which the
/// `trace` wrapper writes to the context block: the interpreter, running the call
/// instead, enters no function trace on its way down to that level (see
/// `TraceJit::on_call`). A script variable: writing the context block at each exit
/// made `rec` larger than V8 inlines into itself (fib(30) +60%).
const NOTE_ABANDON_DEPTH: &str = "DA = depth;";

/// What an outer trace needs to know of an inner loop's trace it calls.
pub struct InnerExits {
    pub trace: u32,
    /// The pc the outer trace continues at.
    pub resume_pc: u32,
    /// The inner exits that end its loop towards `resume_pc`, with the calls (steps) of
    /// the inner iteration in progress at that exit.
    pub normal: Vec<(u32, u32)>,
    /// Scratch cells the inner trace needs.
    pub scratch_cells: u32,
}

/// What a function trace returns when an exit happened inside its recursion: the whole
/// call is abandoned and the interpreter runs it from its entry (nothing observable has
/// happened: function traces have no side effects).
pub const ABANDONED: u32 = 0x3fff_ffff;

/// A side trace to compile into its parent, at the guards that exit through `exit`.
pub struct Side<'a> {
    /// The parent snapshot whose guards branch into this side trace.
    pub exit: u32,
    pub trace: &'a Trace,
    /// Steps of an iteration that takes this path.
    pub steps: u64,
    /// Loop iterations it counts: 1, or the back-edges of enclosing loops it went round.
    pub iterations: u64,
    /// Exit ids of this side trace's snapshots start here.
    pub exit_base: u32,
}

/// How a function trace passes arguments and results in JS values instead of VM memory
/// (see [`typed_signature`]).
#[derive(Clone)]
struct Typed {
    /// The type of each parameter.
    params: Vec<Ty>,
    /// The type of every result.
    result: Ty,
    /// Generating `rec` (recursion depth ≥ 1): exits abandon, `Ret` returns the value.
    /// Otherwise the entry (depth 0): exits write back, `Ret` writes the result slot.
    rec: bool,
    /// Below the entry nothing reads the callee's frame slots (parameters are only
    /// unboxed, the closure is not read back) and nothing but a recursive call allocates:
    /// `rec` then skips the stores of a call's closure and arguments and re-deriving the
    /// views after it.
    lean: bool,
    /// Integer parameters that are *recursion counters* ([`recursion_counters`]): within
    /// ±[`RECURSION_COUNTER_BOUND`] at every level, so that their small steps need no guard.
    counters: Vec<bool>,
}

/// The bound on a recursion counter parameter at any level: read as an int32 where the
/// trace is entered, then stepped by at most `COUNTER_STEP` a level, for at most
/// `MAX_RECURSION` + 1 levels.
const RECURSION_COUNTER_BOUND: i64 = (1 << 31) + (MAX_RECURSION as i64 + 1) * super::opt::COUNTER_STEP;

/// The slot whose value `Unbox` instruction `i` reads through an `SLoad`, if any.
fn unboxed_slot(trace: &Trace, i: usize) -> Option<u32> {
    let ins = trace.ins[i];
    if ins.op != IrOp::Unbox {
        return None;
    }
    let src = trace.get(ins.ra());
    (src.op == IrOp::SLoad).then_some(src.a)
}

/// The instruction before `i` that last defined slot `slot` (an `SStore` to it, or a
/// `CallSelf` whose result lands there).
fn last_def(trace: &Trace, i: usize, slot: u32) -> Option<usize> {
    (0..i).rev().find(|&k| {
        let ins = trace.ins[k];
        matches!(ins.op, IrOp::SStore | IrOp::CallSelf) && ins.a == slot
    })
}

/// The last `SStore`/`GStore` to `loc` before instruction `i`, unless an inner loop's
/// trace (which may write anything) ran after it.
fn last_store(trace: &Trace, i: usize, loc: Carried) -> Option<usize> {
    for k in (0..i).rev() {
        let ins = trace.ins[k];
        if ins.op == IrOp::CallTrace {
            return None;
        }
        if ins.stored() == Some(loc) {
            return Some(k);
        }
    }
    None
}

/// The globals a function trace reads as callees (`Unbox` to a closure of a `GLoad`): a
/// function trace has no side effects (the recorder aborts on any store to a global) and
/// calls no inner loop's trace, so a global keeps its value through a whole call of the
/// trace, all recursion levels included. Each is read once, with its closure's function,
/// when the trace is called, instead of at every level — fib(30) re-read `fib` twice a
/// call. None when some trace of the tree stores a global or calls another trace.
fn invariant_globals(all: &[&Trace]) -> Vec<u32> {
    let mut globals = vec![];
    for t in all {
        for ins in &t.ins {
            if matches!(ins.op, IrOp::GStore | IrOp::CallTrace) {
                return vec![];
            }
            if let Some(k) = callee_global(t, ins).filter(|k| !globals.contains(k)) {
                globals.push(k);
            }
        }
    }
    globals
}

/// The global `ins` unboxes as a closure (an `Unbox` to `fn` of a `GLoad`), if it is one.
fn callee_global(trace: &Trace, ins: &Ins) -> Option<u32> {
    // Only an `Unbox`'s operand is a reference (an `SLoad`'s is a slot number, past the
    // end of a short side trace: found in review, a Wasm trap).
    if ins.op != IrOp::Unbox || ins.ty != Ty::Fn {
        return None;
    }
    let src = trace.get(ins.ra());
    (src.op == IrOp::GLoad).then_some(src.a)
}

/// The value the last `SStore`/`GStore` of `trace` to `loc` stores, unless an inner loop's
/// trace ran after it.
pub fn last_store_value(trace: &Trace, loc: Carried) -> Option<IrRef> {
    last_store(trace, trace.ins.len(), loc).map(|k| trace.ins[k].rb())
}

/// The values a `CallSelf` at `i` passes as its `arity` arguments (stored to the callee's
/// parameter slots before it), if each was stored there.
fn call_args(trace: &Trace, i: usize, arity: usize) -> Option<Vec<IrRef>> {
    let base = trace.ins[i].a + 1;
    (0..arity as u32)
        .map(|p| {
            let k = last_def(trace, i, base + p)?;
            (trace.ins[k].op == IrOp::SStore).then(|| trace.ins[k].rb())
        })
        .collect()
}

/// Whether a function trace (with its side traces) can pass parameters and results as
/// typed JS values: each parameter is only ever unboxed as one type, every recursive call
/// stores arguments of those types, and every `Ret` returns one unboxed type. Values
/// stay in JS registers across the recursion; only the outermost level reads its
/// arguments from and writes its result to VM memory.
fn typed_signature(traces: &[&Trace], arity: usize) -> Option<Typed> {
    let mut params: Vec<Option<Ty>> = vec![None; arity];
    let mut result: Option<Ty> = None;
    let unify = |slot: &mut Option<Ty>, ty: Ty| -> bool {
        if ty == Ty::Any || slot.is_some_and(|t| t != ty) {
            return false;
        }
        *slot = Some(ty);
        true
    };
    for trace in traces {
        for (i, ins) in trace.ins.iter().enumerate() {
            match ins.op {
                IrOp::Unbox => {
                    if let Some(slot) = unboxed_slot(trace, i).filter(|&s| (s as usize) < arity) {
                        if !unify(&mut params[slot as usize], ins.ty) {
                            return None;
                        }
                    }
                }
                IrOp::Ret if !unify(&mut result, trace.get(ins.ra()).ty) => return None,
                _ => {}
            }
        }
    }
    let params: Vec<Ty> = params.into_iter().collect::<Option<_>>()?;
    for trace in traces {
        for (i, _) in trace.ins.iter().enumerate().filter(|(_, ins)| ins.op == IrOp::CallSelf) {
            let args = call_args(trace, i, arity)?;
            if args.iter().zip(&params).any(|(a, ty)| trace.get(*a).ty != *ty) {
                return None;
            }
        }
    }
    // `lean`: every use of a parameter's load is an `Unbox`, the closure is not read from
    // its slot, and nothing else allocates.
    let lean = traces.iter().all(|trace| {
        let param_load = |r: IrRef| {
            let d = trace.get(r);
            d.op == IrOp::SLoad && (d.a as usize) < arity
        };
        trace.ins.iter().all(|ins| {
            ins.op != IrOp::RootFn
                && (ins.op == IrOp::CallSelf || ins.op.flags() & flag::ALLOC == 0)
                && (ins.op == IrOp::Unbox || !ins.refs().any(param_load))
        })
    });
    let counters = recursion_counters(traces, &params);
    Some(Typed { params, result: result?, rec: false, lean, counters })
}

/// Which integer parameters of a typed function trace are *recursion counters*: never
/// assigned, read as an int32 wherever they are read (`Unbox` seen small, `imm` 1, which
/// the entry level checks), and passed to every recursive call as an int32 constant, or
/// a counter's value plus or minus at most `COUNTER_STEP` (fib's `n - 1`, `n - 2`). Each
/// level then holds it within ±(2^31 + levels · `COUNTER_STEP`), far from 2^53: its steps
/// need no guard in `rec` (fib30: two of its three overflow checks).
fn recursion_counters(traces: &[&Trace], params: &[Ty]) -> Vec<bool> {
    let arity = params.len();
    let param_slot = |trace: &Trace, r: IrRef| unboxed_slot(trace, r.index()).filter(|&s| (s as usize) < arity);
    let assigned = |p: usize| traces.iter().any(|t| last_def(t, t.ins.len(), p as u32).is_some());
    let read_wide = |p: usize| traces.iter().any(|t| (0..t.ins.len()).any(|i| param_slot(t, IrRef(i as u32)) == Some(p as u32) && t.ins[i].imm != 1));
    let mut counter: Vec<bool> = (0..arity).map(|p| params[p] == Ty::Int && !assigned(p) && !read_wide(p)).collect();
    let step = super::opt::COUNTER_STEP;
    loop {
        let mut changed = false;
        for trace in traces {
            for i in (0..trace.ins.len()).filter(|&i| trace.ins[i].op == IrOp::CallSelf) {
                let Some(args) = call_args(trace, i, arity) else { return vec![false; arity] };
                for (p, arg) in args.into_iter().enumerate() {
                    let of_counter = |r: IrRef| param_slot(trace, r).is_some_and(|q| counter[q as usize]);
                    let a = trace.get(arg);
                    let small = |r: IrRef| super::opt::const_int(trace, r).is_some_and(|c| c.abs() <= step);
                    let keeps = match a.op {
                        IrOp::KInt => i32::try_from(a.imm).is_ok(),
                        IrOp::Add => (of_counter(a.ra()) && small(a.rb())) || (small(a.ra()) && of_counter(a.rb())),
                        IrOp::Sub => of_counter(a.ra()) && small(a.rb()),
                        _ => of_counter(arg),
                    };
                    if counter[p] && !keeps {
                        counter[p] = false;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return counter;
        }
    }
}

/// Whether `SStore` `i` only sets up a later recursive call: it writes that call's closure
/// or argument slot, and nothing reads the slot before the call.
fn call_setup_store(trace: &Trace, i: usize, arity: usize) -> bool {
    let slot = trace.ins[i].a;
    for ins in &trace.ins[i + 1..] {
        match ins.op {
            IrOp::CallSelf => return (ins.a..=ins.a + arity as u32).contains(&slot),
            IrOp::SLoad if ins.a == slot => return false,
            _ => {}
        }
    }
    false
}

/// The address expression of a slot (relative to `B`) or a global (relative to `G`), as
/// it is written into the code (no string of its own).
#[derive(Clone, Copy)]
struct Addr(Carried);

impl std::fmt::Display for Addr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Carried::Slot(s) => write!(f, "(B + {})", 16 * s),
            Carried::Global(g) => write!(f, "(G + {})", 16 * g),
        }
    }
}

/// How a snapshot's values are written back: inline ([`write_value`]), or as calls of
/// the helpers ([`write_call`]), for exit functions, which run once per exit.
type Writer = fn(&mut String, &dyn std::fmt::Display, &str, Ty);

/// Code writing every one of `locations` (with their JS values and types) with `write`,
/// each followed by a space, appended to `out`.
fn write_all(out: &mut String, locations: &[(Carried, String, Ty)], write: Writer) {
    for (loc, v, ty) in locations {
        write(out, &Addr(*loc), v, *ty);
        out.push(' ');
    }
}

/// The locations `trace` reads the memory of other than to unbox them (a boxed use of
/// the load, e.g. truthiness or a helper's argument; with repeats): their values must be
/// in memory when the trace starts.
fn memory_reads(trace: &Trace) -> impl Iterator<Item = Carried> + '_ {
    let uses = trace.ins.iter().filter(|ins| ins.op != IrOp::Unbox && ins.op != IrOp::Nop).flat_map(|ins| ins.refs());
    uses.filter(|r| !r.is_none()).filter_map(|r| trace.get(r).loaded())
}

/// The generated source and the number of scratch cells it uses.
pub struct JsTrace {
    pub source: String,
    pub scratch_cells: u32,
}

/// The source of the helper functions every trace's code may call (compiled once, by
/// `runtime.js`, and passed to each trace as `W`): writing a JS value back as a 16-byte VM
/// value, and reading an integer. They hold the layout of VM values (DESIGN.md invariant
/// 3) in one place for the cold paths; the hot paths inline the same code
/// (`write_value`, `Gen::unbox`).
pub fn helpers_source() -> String {
    use crate::vm::value::tag;
    let (int, boolean, null, string) = (tag::INT, tag::BOOL, tag::NULL, tag::STR);
    let limit = JCAT_LIMIT;
    format!(
        "\"use strict\";\n\
         // `jstr`s (opt::jstr): Wasm's memory and raw exports (`init`), views of the memory,\n\
         // and the buffer `rt_str_buf` gave for a string's bytes on its way into the heap.\n\
         let M = null, rt = null, v8 = null, v32 = null, buf = 0, cap = 0;\n\
         // A string may start with U+FEFF, which TextDecoder drops unless told not to.\n\
         const td = new TextDecoder('utf-8', {{ ignoreBOM: true }}), te = new TextEncoder();\n\
         function views() {{ if (v8 === null || v8.length === 0) {{ v8 = new Uint8Array(M.buffer); v32 = new Int32Array(M.buffer); }} }}\n\
         // The UTF-8 bytes at `p`, `n` of them, as a JS string: ASCII by hand (short strings\n\
         // are most, and TextDecoder's call costs more than the loop), the rest decoded.\n\
         function sj(H8, p, n) {{ if (n > 64) return td.decode(H8.subarray(p, p + n)); let s = ''; for (let i = 0; i < n; i++) {{ const c = H8[p + i]; if (c > 127) return td.decode(H8.subarray(p, p + n)); s += String.fromCharCode(c); }} return s; }}\n\
         // A new heap string of JS string `s` (at most {limit} UTF-16 units: JCat's guard).\n\
         function ms(s) {{ const n = s.length; if (3 * n > cap) {{ cap = Math.max(3 * n, 256); buf = rt.rt_str_buf(cap) >>> 0; }} views(); let k = 0; for (; k < n; k++) {{ const c = s.charCodeAt(k); if (c > 127) break; v8[buf + k] = c; }} if (k < n) k += te.encodeInto(s.slice(k), v8.subarray(buf + k, buf + cap)).written; return rt.rt_str_make(k) >>> 0; }}\n\
         return {{\n\
         init(memory, exports) {{ M = memory; rt = exports; v8 = null; cap = 0; }},\n\
         get M() {{ return M; }},\n\
         sj, ms,\n\
         // A string's characters for indexing: itself, or an array when a character needs\n\
         // two UTF-16 units (a JS string's index is then not a character's).\n\
         sc(H8, p, n) {{ const s = sj(H8, p, n); return s.length === n || !/[\\uD800-\\uDFFF]/.test(s) ? s : Array.from(s); }},\n\
         // Write `jstr` `s` at `a` as a new heap string (through views of its own: the\n\
         // caller's may be stale after it, and must be checked).\n\
         ws(a, s) {{ const h = ms(s); views(); v8[a] = {string}; v32[(a + 8) >>> 2] = h; }},\n\
         // An integer: `x | 0` is the low word of any exact integer; the high word is its sign when that is all of it.\n\
         wi(H8, H32, a, x) {{ const lo = x | 0; H8[a] = {int}; H32[(a + 8) >>> 2] = lo; H32[(a + 12) >>> 2] = lo === x ? lo >> 31 : Math.floor(x / 4294967296); }},\n\
         wb(H8, a, x) {{ H8[a] = {boolean}; H8[a + 8] = x ? 1 : 0; }},\n\
         wn(H8, a) {{ H8[a] = {null}; }},\n\
         // A value with a byte payload (a builtin's id) or a 32-bit one (a heap handle).\n\
         w8(H8, a, t, x) {{ H8[a] = t; H8[a + 8] = x; }},\n\
         w32(H8, H32, a, t, x) {{ H8[a] = t; H32[(a + 8) >>> 2] = x; }},\n\
         // A copy of the boxed value at `s`.\n\
         wc(H32, a, s) {{ a >>>= 2; s >>>= 2; H32[a] = H32[s]; H32[a + 1] = H32[s + 1]; H32[a + 2] = H32[s + 2]; H32[a + 3] = H32[s + 3]; }},\n\
         // The integer at `a`, or NaN when it is not one or not a safe integer.\n\
         ri(H8, H32, a) {{ const hi = H32[(a + 12) >>> 2], lo = H32[(a + 8) >>> 2]; if (H8[a] !== {int} || hi < -2097151 || hi > 2097151) return NaN; return hi === lo >> 31 ? lo : hi * 4294967296 + (lo >>> 0); }},\n\
         }};\n"
    )
}

/// A trace's own views of the memory (`M`, which `runtime.js` passes in), made with its
/// closure: see `generate`.
const OWN_VIEWS: &str = "const K8 = new Uint8Array(M.buffer), K32 = new Int32Array(M.buffer), K64 = new Float64Array(M.buffer);\n";

/// The start of every trace's source: the helpers it may call, from `W`.
const PRELUDE: &str = "\"use strict\";\nconst { wi, wb, wn, w8, w32, wc, ri, sj, sc, ms, ws } = W;\n";

/// The most UTF-16 units a `JCat` makes: 3 bytes of UTF-8 at most per unit, so the heap
/// string it becomes stays within `vm::ops::MAX_STR_LEN`.
const JCAT_LIMIT: usize = crate::vm::ops::MAX_STR_LEN / 3;

/// Code that makes the memory views `H8`, `H32`, `F64` new when memory `memory` (a JS
/// expression) has grown: growing detaches the old buffer, so a view of length 0 is the
/// test.
fn new_views(memory: &str) -> String {
    format!("if (H8.length === 0) {{ H8 = new Uint8Array({memory}.buffer); H32 = new Int32Array({memory}.buffer); F64 = new Float64Array({memory}.buffer); }}")
}

/// Where code writing a `jstr` to memory (which allocates: memory may grow) needs the
/// memory views checked again: replaced, once a trace's code is complete, by the check
/// that fits where it stands (a trace's body or an exit function).
const JSTR_WRITTEN: &str = "/*jstr written*/";

/// The line after which a loop trace's source lists its exit functions, one per line,
/// and nothing else. `runtime.js` compiles the code above it, and each exit function only
/// when it is first taken (most never are), into the table `XF` the code calls them
/// through: measured on collatz's final trace, V8 took 446 us to compile the source with
/// them in it and 171 us without (they were 10 of its 17 KB).
pub const EXIT_SECTION: &str = "// exit functions, compiled when first taken\n";

/// A function trace's script-level state: the step count `SP`, the level `DA` that
/// abandoned the call (see [`NOTE_ABANDON_DEPTH`]), and the bases, step limit
/// and memory views of the current call, which `trace` sets on every entry. `rec` reads
/// them there instead of taking them as arguments (fib(30): 10 arguments a level cost 13%
/// more than 3, measured on node 20), and a level that refreshes the views after memory
/// grew refreshes them for the levels above it too. `var`: a `let` read from an inner
/// function may be checked for its temporal dead zone at every read.
const SCRIPT_STATE: &str = "var SP = 0, DA = 0, G = 0, X = 0, C = 0, steps = 0, H8 = null, H32 = null, F64 = null;\n";

/// A call of one of the [`helpers_source`] functions writing JS value `v` of type `ty` to
/// the VM value at address expression `addr`: the compact form, for exits.
fn write_call(out: &mut String, addr: &dyn std::fmt::Display, v: &str, ty: Ty) {
    let _ = match ty {
        Ty::Int => write!(out, "wi(H8, H32, {addr}, {v});"),
        Ty::Bool => write!(out, "wb(H8, {addr}, {v});"),
        Ty::Null => write!(out, "wn(H8, {addr});"),
        Ty::Builtin => write!(out, "w8(H8, {addr}, {}, {v});", crate::vm::value::tag::BUILTIN),
        Ty::Any => write!(out, "wc(H32, {addr}, {v});"),
        Ty::JStr => write!(out, "ws({addr}, {v});{JSTR_WRITTEN}"),
        _ => write!(out, "w32(H8, H32, {addr}, {}, {v});", ty.tag().unwrap_or(0)),
    };
}

/// Code that writes the JS value `v` of type `ty` to the 16-byte VM value at address
/// expression `addr`, inline (the same as [`helpers_source`]'s functions).
fn write_value(addr: &dyn std::fmt::Display, v: &str, ty: Ty) -> String {
    let mut out = String::new();
    write_value_to(&mut out, addr, v, ty);
    out
}

/// [`write_value`], appended to `out`.
fn write_value_to(out: &mut String, addr: &dyn std::fmt::Display, v: &str, ty: Ty) {
    use crate::vm::value::tag;
    let _ = match ty {
        // `x | 0` is the low word of any exact integer; the high word is its sign
        // when that is all of it.
        Ty::Int => write!(
            out,
            "{{ const a = {addr}, x = {v}, lo = x | 0; H8[a] = {}; H32[(a + 8) >>> 2] = lo; H32[(a + 12) >>> 2] = lo === x ? lo >> 31 : Math.floor(x / 4294967296); }}",
            tag::INT
        ),
        Ty::Bool => write!(out, "{{ const a = {addr}; H8[a] = {}; H8[a + 8] = {v} ? 1 : 0; }}", tag::BOOL),
        Ty::Null => write!(out, "H8[{addr}] = {};", tag::NULL),
        Ty::Builtin => write!(out, "{{ const a = {addr}; H8[a] = {}; H8[a + 8] = {v}; }}", tag::BUILTIN),
        Ty::Any => write!(
            out,
            "{{ const a = {addr} >>> 2, s = {v} >>> 2; H32[a] = H32[s]; H32[a + 1] = H32[s + 1]; H32[a + 2] = H32[s + 2]; H32[a + 3] = H32[s + 3]; }}"
        ),
        Ty::JStr => write!(out, "ws({addr}, {v});{JSTR_WRITTEN}"),
        _ => write!(out, "{{ const a = {addr}; H8[a] = {}; H32[(a + 8) >>> 2] = {v}; }}", ty.tag().unwrap_or(0)),
    };
}

struct Gen<'a> {
    trace: &'a Trace,
    out: String,
    scratch: Vec<u32>,
    next_scratch: u32,
    indent: usize,
    /// Prefix of value names (`v`, or `sK_v` inside side trace K).
    prefix: String,
    /// Added to snapshot indexes to make exit ids (non-zero inside side traces).
    exit_base: u32,
    /// Side traces attached to this trace's guards (parent only).
    sides: &'a [Side<'a>],
    /// Inner loop traces this trace calls.
    inners: &'a [InnerExits],
    /// This trace's id (function traces call themselves through `T`).
    self_id: u32,
    /// Out-of-line exit functions (loop traces only).
    exit_fns: String,
    /// Set for a function trace that passes typed values (see [`typed_signature`]).
    typed: Option<Typed>,
    /// A function trace's callee globals, read once per call of the trace (see
    /// [`invariant_globals`]): `Unbox` and `GuardProto` of them test script variables.
    invariant: Vec<u32>,
    /// In a side trace: instructions that are a root value (side index, root index): a
    /// root preheader value ([`Gen::root_invariant`]), or an array the parent's snapshot
    /// holds as a root value. What the root's preheader computed from one holds here.
    root_alias: Vec<(usize, usize)>,
    /// The loop (or function) trace at the root of the tree of side traces.
    root: &'a Trace,
    /// Generating a side trace (inside the root's loop body).
    is_side: bool,
    /// The root's snapshot that resumes at the loop head with nothing to write back, and
    /// the statement that leaves through it (loop traces).
    head_exit: u32,
    head_code: String,
    /// In a side trace: the JS value (and type) of each location the traces it branched
    /// from wrote back before it started, so that reading them back is unnecessary.
    inherited: Vec<(Carried, String, Ty)>,
    /// Bytes of source this generator may still produce (see [`MAX_SOURCE`]).
    size_left: usize,
    /// How many side traces enclose this one.
    side_depth: usize,
    /// Generating code inside the loop (loop traces): an exit then leaves the loop with
    /// `break` and the exit function is called after it (see [`Gen::exit`]).
    in_loop: bool,
    /// Exit variables the loop's exits need: numbers (`e0`, `e1`, ...) and booleans
    /// (`b0`, ...), kept apart so that each variable has one type.
    exit_vars: usize,
    exit_bools: usize,
    /// After the loop: the exit dispatcher's cases, across the tree.
    exit_cases: ExitCases,
    /// Loop traces whose every path takes the same steps per iteration (no inner loop
    /// runs): `spent` is then `it` times this, and only `it` is counted.
    uniform_steps: Option<u64>,
    /// Nothing sets `gcw` after entry: the budget is then -1 when it is set, and the loop
    /// head tests the budget alone (one compare an iteration fewer).
    gc_in_budget: bool,
    /// The most steps one iteration of any path takes (the loop-head check's reserve).
    max_steps: u64,
    /// Locations whose memory is stale, with their JS value and type: in a side trace,
    /// what the traces it branched from did not write back before it started. Every exit
    /// writes them (before its own snapshot's values); a store to one makes it current.
    pending: Vec<(Carried, String, Ty)>,
    /// Locations this code has written, with the JS value and type each holds since: on
    /// the straight-line path from the last point where memory may have changed under the
    /// code (the loop head, a call of an inner trace or of a function). A snapshot written
    /// out inline skips them (a call of an inner trace wrote its arguments twice).
    current: Vec<(Carried, String, Ty)>,
    /// The exit functions made so far, across the tree, shared by text.
    exit_texts: ExitTexts,
    /// How many guards each of `sides` is inlined at so far, across the tree (at most
    /// [`MAX_SIDE_COPIES`]).
    side_copies: Vec<u32>,
    /// In a side trace: `Unbox`es whose value is a root PHI's this iteration (instruction,
    /// PHI), and the steps `p + c` of one by a `c` within `-COUNTER_STEP..=COUNTER_STEP`
    /// (instruction, PHI, bounds of `c`), which keep the root's ranges (see
    /// [`Gen::keeps_bounds`]).
    phi_values: Vec<(usize, IrRef)>,
    phi_steps: Vec<(usize, IrRef, (i64, i64))>,
    /// In a side trace: the root instruction it hangs off (through the side traces it
    /// branched from): everything before that ran this iteration.
    root_at: usize,
    /// In a side trace: integer values with known bounds (instruction, bounds), from the
    /// root's `Trace::facts` at `root_at` and arithmetic on them; a guard they make
    /// impossible to fail is not emitted.
    side_ranges: Vec<(usize, (i64, i64))>,
    /// Loop traces: the JIT table's address is in [`TABLE_VAR`].
    table_var: bool,
    /// The locations this trace reads the memory of other than to unbox them
    /// ([`memory_reads`]), and whether it calls an inner loop's trace.
    memory_reads: Vec<Carried>,
    calls_inner: bool,
}

/// Placeholders for the exit variables' declarations and the arguments the exit
/// dispatcher takes (the loop's PHIs and the exit variables), known once the loop is
/// generated.
const EXIT_VARS: &str = "/*exit variables*/";
const EXIT_ARGS: &str = "/*exit arguments*/";

/// Placeholder for the offset of inner traces' scratch cells (after this tree's own,
/// known once it is generated). Its 13 bytes count toward [`MAX_SOURCE`] as the code's
/// do, which decides how much is inlined.
const INNER_SCRATCH: &str = "/*inner scr*/";

/// Appends `text` to `out` with each placeholder of `subs` (a comment, such as
/// [`EXIT_VARS`]) replaced by its text, in one pass over the code.
fn substitute_into(out: &mut String, text: &str, subs: &[(&str, &str)]) {
    let mut rest = text;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match subs.iter().find(|(placeholder, _)| tail.starts_with(placeholder)) {
            Some((placeholder, with)) => {
                out.push_str(with);
                rest = &tail[placeholder.len()..];
            }
            None => {
                out.push_str("/*");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
}

/// The exit functions of a tree of traces, shared by text: the same exit reached with the
/// same stale locations, wherever its trace is inlined, calls one function.
///
/// Indexes are `u16` in a `HashMap<String, u16>`, the type `Program` uses, whose code the
/// two then share (the package has a size budget); past 65,535 functions a new one is
/// simply not shared.
#[derive(Default)]
struct ExitTexts {
    /// Each function's name and the exit id it was made for, in the order they were made:
    /// the first for an id is `x<id>`, later ones `x<id>_1`, `x<id>_2`, ...
    made: Vec<(String, u32)>,
    /// Each function's text (parameters and body): its index in `made`.
    by_text: HashMap<String, u16>,
}

impl ExitTexts {
    fn len(&self) -> usize {
        self.made.len()
    }

    /// The name of the function with this text, if one was made.
    fn name_of(&self, text: &str) -> Option<&str> {
        self.by_text.get(text).map(|&k| self.made[usize::from(k)].0.as_str())
    }

    /// Whether the nested exit's function `xn` was made.
    fn has_nested(&self) -> bool {
        self.made.iter().any(|(_, id)| *id == NESTED_EXIT)
    }

    /// The name of the next function made for exit `id`.
    fn name_for(&self, id: u32) -> String {
        match self.made.iter().filter(|(_, i)| *i == id).count() {
            0 => format!("x{id}"),
            n => format!("x{id}_{n}"),
        }
    }

    /// Records function `name`, made for exit `id` with `text`.
    fn add(&mut self, id: u32, name: String, text: String) {
        if let Ok(k) = u16::try_from(self.made.len()) {
            self.by_text.insert(text, k);
        }
        self.made.push((name, id));
    }

    /// Records the nested exit's function `xn` (one per tree; it has no snapshot).
    fn add_nested(&mut self) {
        self.made.push(("xn".into(), NESTED_EXIT));
    }

    /// Forgets the functions made after the first `len` (a side trace dropped with them).
    fn truncate(&mut self, len: usize) {
        self.made.truncate(len);
        self.by_text.retain(|_, k| usize::from(*k) < len);
    }
}

/// The exit dispatcher's cases: one per distinct exit-function call, numbered from 1 in
/// order (`xid`; 0 means "still looping"). Calls are looked up as `ExitTexts` are.
#[derive(Default)]
struct ExitCases {
    /// The `case` lines.
    text: String,
    count: usize,
    /// Each call's `xid`, while it fits a `u16` (past that, a call is not shared).
    by_call: HashMap<String, u16>,
}

impl ExitCases {
    /// The `xid` of `call`, added as a new case if it is new.
    fn xid(&mut self, call: String) -> usize {
        if let Some(&k) = self.by_call.get(&call) {
            return usize::from(k);
        }
        self.count += 1;
        let _ = writeln!(self.text, "    case {}: return {call};", self.count);
        if let Ok(k) = u16::try_from(self.count) {
            self.by_call.insert(call, k);
        }
        self.count
    }
}

/// The most JS source one trace (with its side traces) may have. A side trace is inlined
/// at every guard that exits to it, side traces nest, and past this size (or
/// [`MAX_SIDE_DEPTH`]) such a guard simply exits instead.
const MAX_SOURCE: usize = 400_000;
const MAX_SIDE_DEPTH: usize = 8;

/// The most guards one side trace is inlined at, across the tree: guards that share a
/// snapshot share its exit, and a side trace hanging off a side trace's exit is inlined
/// in every copy of that one, so copies multiply along a chain of side traces (a bug hunt
/// found one inlined 64 times, and 3 s spent generating and dropping 1.6 MB of JS for a
/// program the interpreter runs in 0.2 ms). Past it, such a guard exits instead.
const MAX_SIDE_COPIES: u32 = 16;

fn scratch_slots(trace: &Trace, next: &mut u32) -> Vec<u32> {
    trace
        .ins
        .iter()
        .map(|ins| {
            if matches!(ins.op, IrOp::Box | IrOp::HLoad | IrOp::SIndex) {
                *next += 1;
                *next - 1
            } else {
                u32::MAX
            }
        })
        .collect()
}

/// Generate the JS source of `trace`, with `sides` compiled in at their guards.
/// `head_exit` is a snapshot of `trace` that resumes at the loop head with nothing to
/// write back (used when a side path's state cannot re-enter the loop).
///
/// `arity` is the traced function's (function traces only).
pub fn generate(trace: &Trace, sides: &[Side<'_>], head_exit: u32, inners: &[InnerExits], self_id: u32, arity: usize) -> JsTrace {
    let mut next_scratch = 0;
    let scratch = scratch_slots(trace, &mut next_scratch);
    let mut g = Gen {
        trace,
        out: String::with_capacity(16 << 10),
        scratch,
        next_scratch,
        indent: 1,
        prefix: "v".into(),
        exit_base: 0,
        sides,
        inners,
        self_id,
        exit_fns: String::with_capacity(16 << 10),
        typed: None,
        root: trace,
        is_side: false,
        head_exit: 0,
        head_code: String::new(),
        inherited: vec![],
        size_left: MAX_SOURCE,
        side_depth: 0,
        in_loop: false,
        exit_vars: 0,
        exit_bools: 0,
        exit_cases: ExitCases::default(),
        uniform_steps: None,
        gc_in_budget: false,
        max_steps: 1,
        pending: vec![],
        current: vec![],
        exit_texts: ExitTexts::default(),
        side_copies: vec![0; sides.len()],
        phi_values: vec![],
        phi_steps: vec![],
        root_at: 0,
        side_ranges: vec![],
        invariant: vec![],
        root_alias: vec![],
        table_var: !trace.function,
        memory_reads: memory_reads(trace).collect(),
        calls_inner: trace.ins.iter().any(|i| i.op == IrOp::CallTrace),
    };
    if trace.function {
        // Entry checks: recursion depth (well inside V8's stack), the step budget and the
        // collector. The steps all levels take are counted in `SP`, a variable of the
        // generated script (an integer in a JS variable: counted in the context block's
        // double, the count cost fib(30) 8% of its time); the outermost level starts it
        // at 0 and writes it to the context block when it returns, whichever way.
        //
        // A level counts its other calls (builtins such as `len`, inlined callees) only as
        // it returns (`Ret`'s count), so `SP` lags behind by up to that many calls for
        // every level still running. The check allows for them, `uncounted` per level:
        // near the step limit it abandons a call the interpreter may stop inside, and the
        // interpreter then runs that call and stops exactly where it does (checked against
        // `SP` alone, a step limit stopped a recursion with `len` in it one call late, at
        // another call; found in review).
        let all: Vec<&Trace> = std::iter::once(trace).chain(sides.iter().map(|s| s.trace)).collect();
        let uncounted = all.iter().flat_map(|t| &t.ins).filter(|i| i.op == IrOp::Ret).map(|i| i.imm).max().unwrap_or(0);
        let budget = if uncounted > 0 { format!("SP + {uncounted} * (depth + 1) >= steps") } else { "SP >= steps".to_string() };
        let checks = format!("{budget} || H32[(C + {CTX_GC_WANTED}) >>> 2] !== 0");
        g.invariant = invariant_globals(&all);
        // Each invariant global's tag, handle and (for a closure) function, read at the
        // outermost level.
        let mut globals_decl = String::new();
        let mut globals_init = String::new();
        for k in &g.invariant {
            let _ = writeln!(globals_decl, "var GL{k}t = 0, GL{k}h = 0, GL{k}p = -1;");
            let _ = write!(
                globals_init,
                " GL{k}t = H8[G + {a}]; GL{k}h = H32[(G + {a} + 8) >>> 2]; GL{k}p = GL{k}t === {tag} ? H32[(H32[(C + {CTX_TABLE}) >>> 2] + 8 * GL{k}h) >>> 2] : -1;",
                a = 16 * k,
                tag = crate::vm::value::tag::CLOSURE
            );
        }
        let prologue = |checks: &str, abandon: &str| {
            format!("  if (depth > {DEPTH_LIMIT}) {{ {NOTE_ABANDON_DEPTH} return {abandon}; }}\n  if ({checks}) return {abandon};\n  const it = 0, spent = 0;\n  let gcw = 0;\n")
        };
        // Below the entry, when nothing but the recursion allocates, the collector's flag
        // cannot change during a call of the trace: the entry's check covers every level
        // (fib30 -11%, measured by editing the generated code).
        let allocates = all.iter().any(|t| t.ins.iter().any(|i| i.op != IrOp::CallSelf && i.op.flags() & flag::ALLOC != 0));
        let rec_prologue = prologue(if allocates { &checks } else { &budget }, "undefined");
        let entry = |body: &str| {
            format!(
                "function level(B, G, X, C, steps, H8, H32, F64, depth) {{\n{}{body}}}\n\
                 return function trace(B, g, x, c, s, h8, h32, f64, depth) {{\n  G = g; X = x; C = c; steps = s; H8 = h8; H32 = h32; F64 = f64;\n  if (depth === 0) {{ SP = 0; DA = 0;{globals_init} }}\n  const r = level(B, G, X, C, steps, H8, H32, F64, depth);\n  \
                 (F64.length === 0 ? new Float64Array(M.buffer) : F64)[(C + {CTX_SPENT}) >>> 3] = SP;\n  \
                 if (r === {ABANDONED}) (H32.length === 0 ? new Int32Array(M.buffer) : H32)[(C + {CTX_DEEP}) >>> 2] = DA;\n  return r;\n}};\n",
                prologue(&checks, &ABANDONED.to_string())
            )
        };
        let Some(typed) = typed_signature(&all, arity) else {
            for i in 0..trace.ins.len() {
                g.instruction(i);
            }
            // Each level is `level` and the `trace` around it.
            let source = format!("{PRELUDE}{SCRIPT_STATE}{globals_decl}{}", entry(&g.out));
            let source = source.replace(DEPTH_LIMIT, &recursion_limit(&g.out, TRACE_WRAPPER_FRAME).to_string());
            return JsTrace { source, scratch_cells: g.next_scratch };
        };
        // Typed: `rec` runs the levels below the entry, with arguments and result in JS
        // values (`undefined` for "abandon the whole call"); the entry reads its
        // arguments from memory and writes its result there.
        let params: String = (0..arity).map(|i| format!(", a{i}")).collect();
        g.typed = Some(Typed { rec: true, ..typed.clone() });
        for i in 0..trace.ins.len() {
            g.instruction(i);
        }
        let rec_body = std::mem::take(&mut g.out);
        let rec_scratch = g.next_scratch;
        g.next_scratch = next_scratch;
        // What `rec` knew of its values' bounds (its parameters as recursion counters, say)
        // is not the entry's, nor what its code had written.
        g.side_ranges.clear();
        g.current.clear();
        g.typed = Some(typed);
        for i in 0..trace.ins.len() {
            g.instruction(i);
        }
        let source = format!(
            "{PRELUDE}{SCRIPT_STATE}{globals_decl}function rec(B, depth{params}) {{\n{}{rec_body}}}\n{}",
            rec_prologue,
            entry(&g.out)
        );
        let source = source.replace(DEPTH_LIMIT, &recursion_limit(&rec_body, 0).to_string());
        return JsTrace { source, scratch_cells: rec_scratch.max(g.next_scratch) };
    }
    // Steps are checked at the loop head for the most expensive path, so an iteration
    // never runs out of steps midway: the interpreter then runs it and fails exactly.
    let steps = |t: &Trace| t.ins.iter().find(|i| i.op == IrOp::GuardBudget).map_or(1, |i| i.imm.max(1) as u64);
    let max_steps = sides.iter().map(|s| s.steps).chain([steps(trace)]).max().unwrap_or(1);
    g.max_steps = max_steps;
    let all = || std::iter::once(trace).chain(sides.iter().map(|s| s.trace));
    let calls_inner = all().any(|t| t.ins.iter().any(|i| i.op == IrOp::CallTrace));
    if !calls_inner && sides.iter().all(|s| s.steps == steps(trace) && s.iterations == 1) {
        g.uniform_steps = Some(steps(trace));
    }
    // Whether anything may set `gcw` after entry: otherwise it is a constant. It is the
    // context block's int32, not a boolean: in optimized (OSR) code a loop re-tests a
    // boolean variable as an arbitrary JS value each iteration, an int32 with one compare.
    // A `jstr` written to memory allocates too.
    let allocates = calls_inner || all().any(|t| t.ins.iter().any(|i| i.op.flags() & flag::ALLOC != 0 || i.ty == Ty::JStr));
    // The statement that leaves through `head_exit` is made when the loop opens (it
    // leaves the loop as any exit inside it does).
    g.head_exit = head_exit;
    g.gc_in_budget = !allocates;
    g.body();
    let vars: String = (0..g.exit_vars).map(|k| format!(", e{k} = 0")).chain((0..g.exit_bools).map(|k| format!(", b{k} = false"))).collect();
    // The exit dispatcher: the loop leaves through one call of it.
    let loop_at = trace.loop_index();
    let phis = loop_at.map_or(vec![], |at| (at + 1..trace.ins.len()).filter(|&k| trace.ins[k].op == IrOp::Phi).map(|k| format!("p{k}")).collect());
    let args: String = phis.into_iter().chain((0..g.exit_vars).map(|k| format!("e{k}"))).chain((0..g.exit_bools).map(|k| format!("b{k}"))).map(|a| format!(", {a}")).collect();
    let dispatcher = format!("function xe(xid, B, G, C, H8, H32, F64, it, spent{args}) {{\n  switch (xid) {{\n{}  }}\n  return -1;\n}}\n", g.exit_cases.text);
    // Inner traces get the scratch cells after this trace's own.
    let own = g.next_scratch;
    let inner_scratch = (16 * own).to_string();
    let inner_cells = inners.iter().map(|i| i.scratch_cells).max().unwrap_or(0);
    // With uniform steps the budget is an iteration count, clamped to int32 so that the
    // loop-head check is an integer compare: past 2^30 iterations the trace leaves at the
    // loop head, and the interpreter enters it again at the next back-edge. Otherwise it
    // is a step count, clamped to `opt::range::MAX_ITERATIONS`, which counters' ranges
    // rely on (every iteration takes a step at least).
    // An accumulator's range may limit the iterations further (`Trace::max_iterations`).
    let limit = trace.max_iterations.unwrap_or(super::opt::range::MAX_ITERATIONS);
    let budget = match g.uniform_steps {
        Some(s) => format!("Math.max(-1, Math.min(Math.floor((steps - {max_steps}) / {s}), {})) | 0", limit.min(1073741823)),
        None => format!("Math.min(steps - {max_steps}, {limit})"),
    };
    let counters = if g.uniform_steps.is_some() { "let it = 0" } else { "let it = 0, spent = 0" };
    let (gcw, table) = if allocates { ("let gcw", "let") } else { ("const gcw", "const") };
    let budget = if allocates { budget } else { format!("gcw !== 0 ? -1 : {budget}") };
    let body_views = format!(" {}", g.views_check());
    // Exit functions see the memory as the helpers' `W.M` (they are compiled apart).
    let exit_views = format!(" {}", new_views("W.M"));
    // A trace that cannot grow the memory reads it through views of its own, made with its
    // closure, not through the caller's (which it takes, unused: a call with fewer
    // parameters than arguments made short traces up to 30% slower). V8 optimizes a
    // function that has one closure for that closure, so the views are constants, and
    // with no buffer detached in the process (ARCHITECTURE.md) their bounds and addresses
    // too: matmul's inner loop, 132 machine instructions an iteration with the caller's
    // views, 69 with its own. (Code compiled on stack replacement, for a loop entered
    // once, is not specialized so; it reads the views as before.) Should the memory have
    // grown since the closure was made, the trace leaves before doing anything, through
    // `head_exit`; `runtime.js` makes its closure again with new views.
    let (views, params) = if allocates { ("", "H8, H32, F64") } else { (OWN_VIEWS, "h8, h32, f64") };
    let mut source = String::with_capacity(PRELUDE.len() + dispatcher.len() + g.out.len() + g.exit_fns.len() + 512);
    let _ = writeln!(source, "{PRELUDE}{views}{dispatcher}return function trace(B, G, X, C, steps, {params}) {{");
    if !allocates {
        let _ = writeln!(
            source,
            "  const H8 = K8, H32 = K32, F64 = K64;\n  if (H8.length === 0) {{ const f = new Float64Array(M.buffer); f[(C + {CTX_ITERATIONS}) >>> 3] = 0; f[(C + {CTX_SPENT}) >>> 3] = 0; return {head_exit}; }}"
        );
    }
    let _ = write!(
        source,
        "  {gcw} = H32[(C + {CTX_GC_WANTED}) >>> 2];\n  const budget = {budget};\n  {counters};\n  {table} {TABLE_VAR} = {address};\n",
        address = table_address(),
    );
    let body_subs = [(EXIT_VARS, vars.as_str()), (EXIT_ARGS, args.as_str()), (INNER_SCRATCH, inner_scratch.as_str()), (JSTR_WRITTEN, body_views.as_str())];
    substitute_into(&mut source, &g.out, &body_subs);
    source.push_str("};\n");
    source.push_str(EXIT_SECTION);
    substitute_into(&mut source, &g.exit_fns, &[(JSTR_WRITTEN, exit_views.as_str())]);
    JsTrace { source, scratch_cells: own + inner_cells }
}

impl Gen<'_> {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// The JS expression for value `r`.
    fn val(&self, r: IrRef) -> String {
        let ins = self.trace.get(r);
        match ins.op {
            IrOp::KInt if ins.imm < 0 => format!("({})", ins.imm),
            IrOp::KInt => format!("{}", ins.imm),
            IrOp::KBool => (if ins.imm != 0 { "true" } else { "false" }).to_string(),
            IrOp::KNull => "null".to_string(),
            IrOp::KRef | IrOp::KBuiltin => format!("{}", ins.imm),
            IrOp::Phi => format!("p{}", r.0),
            _ => format!("{}{}", self.prefix, r.0),
        }
    }

    fn scratch_addr(&self, i: usize) -> String {
        format!("(X + {})", 16 * self.scratch[i])
    }

    /// Code that writes value `r` to the 16-byte VM value at address expression `addr`.
    fn write(&self, addr: &dyn std::fmt::Display, r: IrRef) -> String {
        write_value(addr, &self.val(r), self.trace.get(r).ty)
    }

    /// The statement that leaves as a nested exit (an inner trace left through its own
    /// exit), with `extra` steps spent beyond the completed iterations': inside the loop,
    /// through the loop's one exit edge like any other exit.
    fn nested_exit(&mut self, extra: &str) -> String {
        if !self.exit_texts.has_nested() {
            let _ = writeln!(
                self.exit_fns,
                "function xn(B, G, C, H8, H32, F64, it, spent, extra) {{ F64[(C + {CTX_ITERATIONS}) >>> 3] = it; F64[(C + {CTX_SPENT}) >>> 3] = spent + extra; return {NESTED_EXIT}; }}"
            );
            self.exit_texts.add_nested();
        }
        self.leave("xn", &[(extra.to_string(), Ty::Int)])
    }

    /// The statement that counts a path round the loop: `iterations` loop iterations (more
    /// than 1 when it went round enclosing loops too) of `steps` steps in all.
    fn count(&self, steps: u64, iterations: u64) -> String {
        let it = if iterations == 1 { "it++;".to_string() } else { format!("it += {iterations};") };
        if self.uniform_steps.is_some() { it } else { format!("spent += {steps}; {it}") }
    }

    /// The steps the completed iterations took, as a JS expression.
    fn spent(&self) -> String {
        match self.uniform_steps {
            Some(1) => "it".to_string(),
            Some(s) => format!("it * {s}"),
            None => "spent".to_string(),
        }
    }

    /// The statement that leaves through snapshot `snap`.
    ///
    /// In a loop trace it calls an exit function, emitted beside the trace function (one
    /// per distinct text: the same exit with the same pending locations shares one), so
    /// that the write-backs stay out of the loop's code, and leaves through [`Gen::leave`].
    fn exit(&mut self, snap: u32) -> String {
        let id = self.exit_base + snap;
        if self.trace.function {
            let writes = self.exit_writes_as(snap, true);
            // Only the outermost level can hand its state to the interpreter; deeper ones
            // abandon the whole call. The step count is `SP`, which the outermost level
            // writes to the context block as it returns.
            return match &self.typed {
                Some(t) if t.rec => format!("{{ {NOTE_ABANDON_DEPTH} return undefined; }}"),
                _ => format!("{{ if (depth !== 0) {{ {NOTE_ABANDON_DEPTH} return {ABANDONED}; }} {writes}F64[(C + {CTX_ITERATIONS}) >>> 3] = 0; return {id}; }}"),
            };
        }
        let s = &self.trace.snaps[snap as usize];
        // The exit function's parameters: the values it writes that are variables.
        let mut values: Vec<(String, Ty)> = vec![];
        let written = self.pending.iter().map(|(_, v, ty)| (v.clone(), *ty));
        let own = s.slots.iter().chain(&s.globals).map(|(_, r)| (self.val(*r), self.trace.get(*r).ty));
        for (v, ty) in written.chain(own) {
            if v.starts_with(|c: char| c.is_ascii_alphabetic()) && !matches!(v.as_str(), "true" | "false" | "null") && !values.iter().any(|(w, _)| *w == v) {
                values.push((v, ty));
            }
        }
        let mut text = String::with_capacity(256);
        text.push_str("(B, G, C, H8, H32, F64, it, spent");
        for (v, _) in &values {
            text.push_str(", ");
            text.push_str(v);
        }
        text.push_str(") { ");
        self.exit_writes_to(&mut text, snap, true);
        let _ = write!(text, "F64[(C + {CTX_ITERATIONS}) >>> 3] = it; F64[(C + {CTX_SPENT}) >>> 3] = spent; return {id}; }}");
        // Exit functions are shared by text: the same exit reached with the same stale
        // locations, wherever its trace is inlined.
        let name = match self.exit_texts.name_of(&text) {
            Some(name) => name.to_string(),
            None => {
                let name = self.exit_texts.name_for(id);
                let _ = writeln!(self.exit_fns, "function {name}{text}");
                self.exit_texts.add(id, name.clone(), text);
                name
            }
        };
        self.leave(&name, &values)
    }

    /// The statement that leaves through exit function `function`, which takes `values`:
    /// before the loop, a return of its call. Inside the loop an exit breaks out of the body block `X`, whose end is the
    /// loop's one exit edge, and the exit function is called after the loop. Measured on
    /// node 20: when a loop carries a double (an integer past 2^31) and has two or more
    /// exit edges — guards that return, call, or `break` out of the loop directly — V8's
    /// optimized (OSR) code boxes the double into a new heap number every iteration; with
    /// one exit edge it stays in a register (3-4x faster, no garbage). The call is made
    /// in the exit dispatcher `xe`, which takes the loop's PHIs; any other value reaches it
    /// through an exit variable (`e0`, `e1`, ... for numbers, `b0`, ... for booleans).
    fn leave(&mut self, function: &str, values: &[(String, Ty)]) -> String {
        let mut call = String::with_capacity(96);
        let _ = write!(call, "XF.{function}(B, G, C, H8, H32, F64, it, {}", self.spent());
        if !self.in_loop {
            for (v, _) in values {
                call.push_str(", ");
                call.push_str(v);
            }
            return format!("return {call});");
        }
        // The loop's PHIs (`p<k>`) are in the dispatcher's scope.
        let in_scope = |v: &str| v.starts_with('p');
        let mut code = String::from("{ ");
        let (mut numbers, mut bools) = (0, 0);
        for (v, ty) in values {
            if in_scope(v) {
                call.push_str(", ");
                call.push_str(v);
                continue;
            }
            let (kind, k) = if *ty == Ty::Bool {
                bools += 1;
                ('b', bools - 1)
            } else {
                numbers += 1;
                ('e', numbers - 1)
            };
            let _ = write!(code, "{kind}{k} = {v}; ");
            let _ = write!(call, ", {kind}{k}");
        }
        call.push(')');
        self.exit_vars = self.exit_vars.max(numbers);
        self.exit_bools = self.exit_bools.max(bools);
        let case = self.exit_cases.xid(call);
        let _ = write!(code, "xid = {case}; break X; }}");
        code
    }

    /// The code for a failing guard with snapshot `snap`: leave the trace, or, when a
    /// side trace is attached there, run it and continue the loop.
    fn exit_or_side(&mut self, at: usize, snap: u32) -> String {
        // Side traces hang off exit ids, which number the root's snapshots and then each
        // side trace's: a side trace can have side traces of its own.
        let id = self.exit_base + snap;
        let Some(index) = self.sides.iter().position(|s| s.exit == id) else { return self.exit(snap) };
        let side = &self.sides[index];
        let used = self.out.len() + self.exit_fns.len();
        if used >= self.size_left || self.side_depth >= MAX_SIDE_DEPTH || self.side_copies[index] >= MAX_SIDE_COPIES {
            return self.exit(snap);
        }
        self.side_copies[index] += 1;
        // The side trace starts from this exit's state: the stale locations so far, then
        // the snapshot's. It knows their values (`inherited`) and writes them at its own
        // exits (`pending`) instead of this code writing them back first — unless it reads
        // one from memory other than to unbox it, or this is a function trace's entry level.
        let mut code = String::from("{\n");
        let mut pending = self.pending.clone();
        for (loc, r) in self.trace.snaps[snap as usize].locations() {
            pending.retain(|(l, _, _)| *l != loc);
            pending.push((loc, self.val(r), self.trace.get(r).ty));
        }
        // In `rec` (a typed function trace below its entry) every exit abandons the call and
        // nothing reads the frame's slots back (callees get their arguments as JS values),
        // so only the side trace's own reads of memory need them written (fib30 -7%).
        let abandons = self.typed.as_ref().is_some_and(|t| t.rec);
        let side_reads: Vec<Carried> = memory_reads(side.trace).collect();
        if (self.trace.function && !abandons) || side_reads.iter().any(|loc| pending.iter().any(|(l, _, _)| l == loc)) {
            code.push_str(&self.exit_writes(snap));
            code.push('\n');
            pending.clear();
        }
        // Scratch cells are numbered across the whole tree: a side trace's, then those of
        // the side traces nested in it, all after its parent's.
        let mut next = self.next_scratch;
        let scratch = scratch_slots(side.trace, &mut next);
        let inherited = self.inherited_at(at, snap);
        let texts_before = self.exit_texts.len();
        let mut sub = Gen {
            trace: side.trace,
            out: String::with_capacity(4 << 10),
            scratch,
            next_scratch: next,
            indent: self.indent + 1,
            prefix: format!("s{index}_v"),
            exit_base: side.exit_base,
            sides: self.sides,
            inners: self.inners,
            self_id: self.self_id,
            exit_fns: String::with_capacity(4 << 10),
            typed: self.typed.clone(),
            root: self.root,
            is_side: true,
            head_exit: self.head_exit,
            head_code: self.head_code.clone(),
            inherited,
            size_left: self.size_left - used,
            side_depth: self.side_depth + 1,
            in_loop: self.in_loop,
            exit_vars: self.exit_vars,
            exit_bools: self.exit_bools,
            // Exit cases are collected across the whole tree (a dropped side trace's
            // cases are merely unreachable).
            exit_cases: std::mem::take(&mut self.exit_cases),
            uniform_steps: self.uniform_steps,
            gc_in_budget: self.gc_in_budget,
            max_steps: self.max_steps,
            table_var: self.table_var,
            pending,
            // (What the path here wrote holds there too; not tracked across the branch.)
            current: vec![],
            exit_texts: std::mem::take(&mut self.exit_texts),
            side_copies: std::mem::take(&mut self.side_copies),
            phi_values: vec![],
            phi_steps: vec![],
            root_at: if self.is_side { self.root_at } else { at },
            side_ranges: vec![],
            invariant: self.invariant.clone(),
            root_alias: vec![],
            memory_reads: side_reads,
            calls_inner: side.trace.ins.iter().any(|i| i.op == IrOp::CallTrace),
        };
        for i in 0..side.trace.ins.len() {
            sub.instruction(i);
        }
        self.next_scratch = sub.next_scratch;
        self.exit_cases = std::mem::take(&mut sub.exit_cases);
        // Exit functions too are shared across the tree, by text.
        self.exit_texts = std::mem::take(&mut sub.exit_texts);
        self.side_copies = std::mem::take(&mut sub.side_copies);
        if sub.out.len() + sub.exit_fns.len() >= self.size_left - used {
            // Dropped, with the exit functions it defined: no later exit may share them.
            // (A later exit of the same text called a function never defined: `XF.x361
            // is not a function` out of `run`, found by a bug hunt.)
            self.exit_texts.truncate(texts_before);
            return self.exit(snap);
        }
        code.push_str(&sub.out);
        self.exit_fns.push_str(&sub.exit_fns);
        self.exit_vars = sub.exit_vars;
        self.exit_bools = sub.exit_bools;
        if self.trace.function {
            // The side trace ends in its own `Ret`.
            code.push('}');
            return code;
        }
        // Each PHI takes the value the side path left in its location: the side trace's
        // last store to it, or else what it inherited; read back from memory only when
        // that is unknown (an inner loop ran, or a type differs).
        let root = self.root;
        let inner_ran = side.trace.ins.iter().any(|i| i.op == IrOp::CallTrace);
        let mut assigns = String::new();
        let mut reloads = String::new();
        let mut checks = String::new();
        // The side trace's stale locations, written where the loop is left at its head: by
        // calls of the helpers, which take a fraction of inline writes' bytecode on a path
        // that rarely runs (a long function is optimized later).
        let mut flush = String::new();
        write_all(&mut flush, &sub.pending, write_call);
        // Leaving at the loop head from here: this iteration is done, and counted.
        let leave = format!("{{ {} {} }}", self.count(side.steps, side.iterations), self.head_code);
        for (phi, loc) in &root.carried {
            let phi_ins = root.get(*phi);
            if phi_ins.op != IrOp::Phi {
                continue;
            }
            let name = format!("p{}", phi.0);
            let stored = last_store_value(side.trace, *loc);
            let known = if inner_ran {
                None
            } else if let Some(r) = stored {
                let v = side.trace.get(r);
                (v.ty == phi_ins.ty && v.ty != Ty::Any).then(|| sub.val(r))
            } else {
                sub.inherited.iter().find(|(l, _, ty)| l == loc && *ty == phi_ins.ty && *ty != Ty::Any).map(|(_, v, _)| v.clone())
            };
            // The bounds the loop's optimizer assumed for this PHI (`opt::range`), and a
            // lower bound of 0 where `bce` removed its index checks.
            let mut bounds = root.phi_ranges.iter().find(|(p, _, _)| p == phi).map(|(_, lo, hi)| (*lo, *hi));
            // `keeps_bounds` proves what `range` assumed: a lower bound of 0 beyond that is
            // proved only by a constant.
            let beyond_range = root.nonnegative.contains(phi) && bounds.is_none_or(|(lo, _)| lo < 0);
            if beyond_range {
                bounds = Some(bounds.map_or((0, super::opt::MAX_SAFE), |(lo, hi)| (lo.max(0), hi)));
            }
            match known {
                Some(v) if v == name => {}
                Some(v) => {
                    // A parallel copy: every value is read before any PHI changes.
                    let _ = writeln!(code, "const n_{name} = {v};");
                    let kept = |b: (i64, i64)| {
                        if beyond_range {
                            stored.map(|r| side.trace.get(r)).is_some_and(|k| k.op == IrOp::KInt && (b.0..=b.1).contains(&k.imm))
                        } else {
                            sub.keeps_bounds(*phi, stored, &v, b)
                        }
                    };
                    if let Some((lo, hi)) = bounds.filter(|&b| !kept(b)) {
                        checks.push_str(&format!("if (n_{name} < {lo} || n_{name} > {hi}) {{ {flush}{leave} }}\n"));
                    }
                    assigns.push_str(&format!("{name} = n_{name}; "));
                }
                None => {
                    // A type other than the PHI's leaves too; the side path's iteration
                    // is done all the same (it was not counted before 2026-12-06: the
                    // interpreter's loop count came out short by one per such exit).
                    reloads.push_str(&self.reload(&name, phi_ins.ty, &Addr(*loc).to_string(), &leave));
                    if let Some((lo, hi)) = bounds {
                        reloads.push_str(&format!("if ({name} < {lo} || {name} > {hi}) {leave}\n"));
                    }
                }
            }
        }
        if !reloads.is_empty() {
            // Reloads read memory, and a failing one leaves at the loop head writing nothing:
            // memory must be current first (written before any PHI changes).
            code.push_str(&flush);
        }
        // A value out of the PHI's assumed bounds: leave at the loop head, with this
        // iteration done (its stale locations written, its steps counted).
        code.push_str(&checks);
        code.push_str(&assigns);
        code.push_str(&reloads);
        let _ = write!(code, "{} continue L;\n}}", self.count(side.steps, side.iterations));
        code
    }

    /// The value location `loc` holds in memory just before instruction `at`, as a JS
    /// expression, when that is certain. At the start of a side trace memory holds what
    /// the enclosing traces wrote back (`inherited`); after that, what may change it is
    /// a store of this trace, an inner loop's trace (it may write anything), or a
    /// recursive call (it overwrites its callee's frame; the result slot then holds the
    /// call's value, which the typed `rec` never writes to memory).
    fn known_value(&self, at: usize, loc: Carried) -> Option<(String, Ty)> {
        if let Some((_, v, ty)) = self.pending.iter().find(|(l, _, _)| *l == loc) {
            return Some((v.clone(), *ty));
        }
        for (k, ins) in self.trace.ins[..at].iter().enumerate().rev() {
            match (ins.op, loc) {
                (IrOp::CallTrace, _) => return None,
                _ if ins.stored() == Some(loc) => return None,
                (IrOp::CallSelf, Carried::Slot(s)) if s == ins.a => return self.typed.as_ref().map(|t| (format!("{}{k}", self.prefix), t.result)),
                (IrOp::CallSelf, Carried::Slot(s)) if s > ins.a => return None,
                _ => {}
            }
        }
        self.inherited.iter().find(|(l, _, _)| *l == loc).map(|(_, v, ty)| (v.clone(), *ty))
    }

    /// In a side trace of a loop, the root's preheader `Unbox` (its index) of location
    /// `loc` as type `ty`, when nothing can have changed `loc` since: the loop never
    /// writes it (the root neither stores nor carries it; a side trace that stores a
    /// location the root loads makes the root carry it, `TraceJit` re-optimizes), and this
    /// side trace has neither stored it nor run an inner loop before instruction `at`.
    /// The root's body uses that value in every iteration; the side trace then need not
    /// load it, check its type again, or look up what depends on it ([`Gen::root_derived`]).
    fn root_invariant(&self, at: usize, loc: Carried, ty: Ty) -> Option<usize> {
        let root = self.root;
        let l = root.loop_index().filter(|_| root.preheader && !root.function && !self.trace.function)?;
        if root.carried.iter().any(|(_, c)| *c == loc) || root.ins.iter().any(|x| x.stored() == Some(loc)) {
            return None;
        }
        if self.trace.ins[..at].iter().any(|x| x.stored() == Some(loc) || x.op == IrOp::CallTrace) {
            return None;
        }
        root.ins[..l].iter().position(|x| x.op == IrOp::Unbox && x.ty == ty && root.get(x.ra()).loaded() == Some(loc))
    }

    /// An `ALen`/`APtr` of a root preheader value ([`Gen::root_invariant`]) that the root's
    /// preheader computes too: that instruction's index (an array's length and elements
    /// never change while it lives).
    fn root_derived(&self, ins: Ins) -> Option<usize> {
        let (_, k) = *self.root_alias.iter().find(|(j, _)| *j == ins.a as usize)?;
        let l = self.root.loop_index()?;
        self.root.ins[..l].iter().position(|x| x.op == ins.op && x.a as usize == k && x.imm == ins.imm)
    }

    /// Whether the root's preheader made the same check as `GuardKind` `ins`, on the same
    /// array ([`Gen::root_alias`]): an array's kind cannot change while a trace runs.
    fn root_proved(&self, ins: Ins) -> bool {
        let Some(&(_, k)) = self.root_alias.iter().find(|(j, _)| *j == ins.a as usize) else { return false };
        let Some(l) = self.root.loop_index() else { return false };
        self.root.ins[..l].iter().any(|x| x.op == IrOp::GuardKind && x.a as usize == k && x.imm == ins.imm)
    }

    /// What a side trace attached at instruction `at` (snapshot `snap`) knows of memory
    /// when it starts: this trace's snapshot (written back before the side trace runs)
    /// over what is still known from before (see [`Gen::known_value`]).
    fn inherited_at(&self, at: usize, snap: u32) -> Vec<(Carried, String, Ty)> {
        let calls = self.trace.ins[..at].iter().filter(|i| i.op == IrOp::CallSelf).map(|i| Carried::Slot(i.a));
        let mut locations: Vec<Carried> = vec![];
        for loc in self.inherited.iter().map(|(l, _, _)| *l).chain(calls) {
            if !locations.contains(&loc) {
                locations.push(loc);
            }
        }
        let mut known: Vec<(Carried, String, Ty)> =
            locations.into_iter().filter_map(|loc| self.known_value(at, loc).map(|(v, ty)| (loc, v, ty))).collect();
        let snapshot = &self.trace.snaps[snap as usize];
        for (loc, r) in snapshot.locations() {
            known.retain(|(l, _, _)| *l != loc);
            known.push((loc, self.val(r), self.trace.get(r).ty));
        }
        known
    }

    /// Store `r` to `loc`. In a side trace of a loop, a location the loop carries in a PHI
    /// is not written: the PHI takes the value when the side trace goes round the loop, and
    /// exits write it (it becomes pending); nor is a slot above the loop head's stack
    /// height (an inlined call's frame, an operand: dead at the loop head), unless the
    /// side trace reads it back as a boxed value. Anything else is written, and is current.
    fn store(&mut self, loc: Carried, r: IrRef) {
        self.pending.retain(|(l, _, _)| *l != loc);
        let side = self.is_side && !self.trace.function;
        let carried = side && self.root.carried.iter().any(|(p, l)| *l == loc && self.root.get(*p).op == IrOp::Phi);
        // An inner loop's trace reads the frame's locals from memory.
        let dead_local = matches!(loc, Carried::Slot(s) if self.root.dead_at_head.contains(&s));
        let temporary = side && self.root.temporary(loc) && !self.memory_reads.contains(&loc) && !(dead_local && self.calls_inner);
        self.current.retain(|(l, _, _)| *l != loc);
        if carried || temporary {
            self.pending.push((loc, self.val(r), self.trace.get(r).ty));
        } else {
            let code = self.write(&Addr(loc), r);
            self.line(&code);
            // (A boxed value is copied from where it is, which may change.)
            let ty = self.trace.get(r).ty;
            if ty != Ty::Any {
                self.current.push((loc, self.val(r), ty));
            }
        }
    }

    /// The stores of an exit's snapshot, without leaving: inline, or (`compact`) as calls
    /// of the helpers, for exit functions, which run once per exit.
    fn exit_writes_as(&self, snap: u32, compact: bool) -> String {
        let mut code = String::new();
        self.exit_writes_to(&mut code, snap, compact);
        code
    }

    /// [`Gen::exit_writes_as`], appended to `out`.
    fn exit_writes_to(&self, out: &mut String, snap: u32, compact: bool) {
        let s = &self.trace.snaps[snap as usize];
        let write: Writer = if compact { write_call } else { write_value_to };
        // Stale locations first, all of them: a snapshot value may be a load of one (a
        // boxed copy of it), which must read it current; the snapshot's own values follow.
        write_all(out, &self.pending, write);
        let holds = |list: &[(Carried, String, Ty)], loc: Carried, v: &str, ty: Ty| list.iter().any(|(l, pv, pt)| *l == loc && pv == v && *pt == ty);
        for (loc, r) in s.locations() {
            let (v, ty) = (self.val(r), self.trace.get(r).ty);
            // Written just now, the same value: not again. (Exit functions are shared by
            // text between exits, and write the whole snapshot.)
            if holds(&self.pending, loc, &v, ty) || (!compact && holds(&self.current, loc, &v, ty)) {
                continue;
            }
            write(out, &Addr(loc), &v, ty);
            out.push(' ');
        }
    }

    /// [`Gen::exit_writes_as`], inline.
    fn exit_writes(&self, snap: u32) -> String {
        self.exit_writes_as(snap, false)
    }

    /// Code assigning variable `name` the value of type `ty` at `addr`, or running `fail`.
    fn reload(&self, name: &str, ty: Ty, addr: &str, fail: &str) -> String {
        match ty {
            Ty::Int => format!(
                "{{ const a = {addr}, hi = H32[(a + 12) >>> 2], lo = H32[(a + 8) >>> 2]; if (H8[a] !== 2 || hi < -2097151 || hi > 2097151) {fail} {name} = hi === lo >> 31 ? lo : hi * 4294967296 + (lo >>> 0); }}\n"
            ),
            Ty::Bool => format!("{{ const a = {addr}; if (H8[a] !== 1) {fail} {name} = H8[a + 8] !== 0; }}\n"),
            Ty::Null => format!("if (H8[{addr}] !== 0) {fail}\n"),
            Ty::Builtin => format!("{{ const a = {addr}; if (H8[a] !== 7) {fail} {name} = H8[a + 8]; }}\n"),
            // A boxed PHI is an address that stays valid: the value is reread through it.
            Ty::Any => String::new(),
            Ty::JStr => {
                let (p, n) = self.str_bytes("h");
                format!("{{ const a = {addr}; if (H8[a] !== {}) {fail} const h = H32[(a + 8) >>> 2]; {name} = sj(H8, {p}, {n}); }}\n", crate::vm::value::tag::STR)
            }
            _ => {
                let tag = ty.tag().unwrap_or(255);
                format!("{{ const a = {addr}; if (H8[a] !== {tag}) {fail} {name} = H32[(a + 8) >>> 2]; }}\n")
            }
        }
    }

    /// The invariant global (see [`invariant_globals`]) that `ins` unboxes as a closure.
    fn invariant_callee(&self, ins: &Ins) -> Option<u32> {
        callee_global(self.trace, ins).filter(|k| self.invariant.contains(k))
    }

    /// Steps of one iteration of the main path (from its loop-head budget check, which
    /// `hoist` may have moved into the body).
    fn loop_steps(&self) -> i64 {
        self.trace.ins.iter().find(|i| i.op == IrOp::GuardBudget).map_or(1, |i| i.imm.max(1))
    }

    /// After a helper that may allocate: memory may have grown (re-derive the views), and
    /// the collector may now want to run (noted in `gcw`, checked at the loop head).
    /// Growing Wasm memory detaches the old buffer, so a view of length 0 is the test:
    /// cheap, where reading `M.buffer` is a call into the engine.
    /// An allocation may also have moved the heap's JIT table: a loop trace reads its
    /// address again.
    fn refresh_views(&mut self) {
        let check = self.views_check();
        self.line(&check);
    }

    /// [`Gen::refresh_views`]'s code.
    fn views_check(&self) -> String {
        let table = if self.table_var { format!(" {TABLE_VAR} = {};", table_address()) } else { String::new() };
        format!("{} gcw = H32[(C + {CTX_GC_WANTED}) >>> 2];{table}", new_views("M"))
    }

    /// JS expressions for the address and the length of string handle `h`'s UTF-8 bytes
    /// (its JIT table entry, whose length word is negative for a string that is not ASCII:
    /// `vm::heap::STR_NOT_ASCII`).
    fn str_bytes(&self, h: &str) -> (String, String) {
        let entry = self.table_entry(h);
        (format!("(H32[{entry} >>> 2] >>> 0)"), format!("(H32[({entry} + 4) >>> 2] & 0x7fffffff)"))
    }

    /// The JS expression for the address of handle `h`'s JIT table entry.
    fn table_entry(&self, h: &str) -> String {
        if self.table_var { format!("({TABLE_VAR} + 8 * {h})") } else { format!("({} + 8 * {h})", table_address()) }
    }

    fn body(&mut self) {
        let loop_at = self.trace.loop_index();
        if loop_at.is_none() {
            self.open_loop();
        }
        for i in 0..self.trace.ins.len() {
            if Some(i) == loop_at {
                if !self.trace.preheader {
                    // The pre-roll was the first iteration.
                    let count = self.count(self.loop_steps() as u64, 1);
                    self.line(&count);
                }
                let phis: Vec<usize> = (i + 1..self.trace.ins.len()).filter(|&k| self.trace.ins[k].op == IrOp::Phi).collect();
                for &p in &phis {
                    let init = self.val(self.trace.ins[p].ra());
                    self.line(&format!("let p{p} = {init};"));
                }
                self.open_loop();
                continue;
            }
            self.instruction(i);
        }
        // Back-edge: update PHIs in parallel, count the iteration.
        if let Some(at) = loop_at {
            let phis: Vec<usize> = (at + 1..self.trace.ins.len()).filter(|&k| self.trace.ins[k].op == IrOp::Phi).collect();
            let next: Vec<String> = phis.iter().map(|&p| self.val(self.trace.ins[p].rb())).collect();
            for (k, n) in next.iter().enumerate() {
                self.line(&format!("const n{k} = {n};"));
            }
            for (k, &p) in phis.iter().enumerate() {
                self.line(&format!("p{p} = n{k};"));
            }
        }
        let count = self.count(self.loop_steps() as u64, 1);
        self.line(&format!("{count} continue L;"));
        self.indent -= 1;
        self.line("} break L;");
        self.indent -= 1;
        self.line("}");
        self.in_loop = false;
        // The exits' `case`s are in the dispatcher `xe` (see `generate`), out of this
        // function: V8 optimizes a function later the longer its bytecode is.
        self.line(&format!("return xe(xid, B, G, C, H8, H32, F64, it, {}{EXIT_ARGS});", self.spent()));
    }

    /// Open the trace's loop: `L: for (;;) { X: { body; continue L; } break L; }`. Exits
    /// leave the body with `break X` (see [`Gen::leave`]), so the loop has a single
    /// exit edge.
    fn open_loop(&mut self) {
        self.line(&format!("let xid = 0{EXIT_VARS};"));
        self.line("L: for (;;) {");
        self.indent += 1;
        self.line("X: {");
        self.indent += 1;
        self.in_loop = true;
        self.current.clear();
        self.head_code = self.exit(self.head_exit);
    }

    /// In a side trace, instruction `i` as `p + c` or `p - c` of a root PHI `p`'s value this
    /// iteration and a `c` whose bounds lie within `-COUNTER_STEP..=COUNTER_STEP` (a
    /// constant, or a value such as `i % 7`): the PHI and the bounds of the step.
    fn phi_step(&self, i: usize) -> Option<(IrRef, (i64, i64))> {
        if !self.is_side {
            return None;
        }
        let ins = self.trace.ins[i];
        let step = super::opt::COUNTER_STEP;
        let small = |r: IrRef| self.side_bounds(r).filter(|&(lo, hi)| lo >= -step && hi <= step);
        let phi = |r: IrRef| self.phi_value(r);
        match ins.op {
            IrOp::Add => match (phi(ins.ra()), phi(ins.rb())) {
                (Some(p), _) if small(ins.rb()).is_some() => Some((p, small(ins.rb())?)),
                (_, Some(p)) => Some((p, small(ins.ra())?)),
                _ => None,
            },
            IrOp::Sub => small(ins.rb()).and_then(|(lo, hi)| Some((phi(ins.ra())?, (-hi, -lo)))),
            _ => None,
        }
    }

    /// The root instruction whose value JS expression `value` is: a PHI (`p<k>`) or a body
    /// value (`v<k>`, the root's own prefix).
    fn root_value_named(&self, value: &str) -> Option<IrRef> {
        let k: u32 = value.strip_prefix('p').or_else(|| value.strip_prefix('v'))?.parse().ok()?;
        Some(IrRef(k)).filter(|r| r.index() < self.root.ins.len())
    }

    /// What the root's facts say of its value `r` where this side trace starts: the
    /// intersection of those that hold from before `root_at`.
    fn root_bounds(&self, r: IrRef) -> Option<(i64, i64)> {
        let facts = self.root.facts.iter().filter(|(x, from, _, _)| *x == r && from.index() < self.root_at);
        facts.fold(None, |acc: Option<(i64, i64)>, &(_, _, lo, hi)| Some(acc.map_or((lo, hi), |(a, b)| (a.max(lo), b.min(hi)))))
    }

    /// The bounds of side trace value `r`, if known.
    fn side_bounds(&self, r: IrRef) -> Option<(i64, i64)> {
        let ins = self.trace.get(r);
        if ins.op == IrOp::KInt {
            return Some((ins.imm, ins.imm));
        }
        self.side_ranges.iter().find(|(k, _)| *k == r.index()).map(|(_, b)| *b)
    }

    /// In a side trace, or a function trace (which `opt::range` does not analyse):
    /// whether the guard of integer instruction `i` cannot fail, by the bounds of its
    /// operands; with the bounds of its result.
    fn side_proof(&self, i: usize) -> Option<(i64, i64)> {
        let ins = self.trace.ins[i];
        if !(self.is_side || self.trace.function) || ins.ty != Ty::Int {
            return None;
        }
        let (a, b) = (self.side_bounds(ins.ra())?, self.side_bounds(ins.rb())?);
        let wide = |(lo, hi): (i64, i64)| (i128::from(lo), i128::from(hi));
        match ins.op {
            IrOp::Add | IrOp::Sub | IrOp::Mul => super::opt::range::bounds_of(ins.op, a, b),
            IrOp::Div | IrOp::Mod if super::opt::range::division_cannot_fail(ins.op, ins.imm, wide(a), wide(b)) => {
                // A remainder has the dividend's sign and is smaller than the divisor; a
                // quotient is no larger than the dividend.
                let m = b.0.unsigned_abs().max(b.1.unsigned_abs()) as i64 - 1;
                let q = a.0.unsigned_abs().max(a.1.unsigned_abs()) as i64;
                Some(if ins.op == IrOp::Mod { (if a.0 >= 0 { 0 } else { -m }, if a.1 <= 0 { 0 } else { m }) } else { (-q, q) })
            }
            _ => None,
        }
    }

    /// The root PHI whose current value JS expression `value` is.
    fn root_phi_named(&self, value: &str) -> Option<IrRef> {
        self.root_value_named(value).filter(|r| self.root.get(*r).op == IrOp::Phi)
    }

    /// The root PHI whose value this iteration side trace value `r` is ([`Gen::phi_values`]).
    fn phi_value(&self, r: IrRef) -> Option<IrRef> {
        self.phi_values.iter().find(|(k, _)| *k == r.index()).map(|(_, p)| *p)
    }

    /// Whether side trace value `r` (JS expression `v`) handed to root PHI `phi` at the
    /// back-edge keeps it within its range `lo..=hi` (`opt::range`) without a check:
    /// - a constant within it, or a value whose bounds the side trace knows are;
    /// - for a counter: any counter's value, or a small step of one (the invariant all
    ///   counters share, `opt::range::counter`);
    /// - for an induction variable: the PHI's own value plus at most its step, when the
    ///   side trace starts after the guard bounding it (it then passed that guard).
    fn keeps_bounds(&self, phi: IrRef, r: Option<IrRef>, v: &str, (lo, hi): (i64, i64)) -> bool {
        let root = self.root;
        if let Some(k) = r.map(|r| self.trace.get(r)).filter(|k| k.op == IrOp::KInt) {
            return (lo..=hi).contains(&k.imm);
        }
        if r.and_then(|r| self.side_bounds(r)).is_some_and(|(a, b)| lo <= a && b <= hi) {
            return true;
        }
        let value_of = r.and_then(|r| self.phi_value(r)).or_else(|| self.root_phi_named(v));
        let step_of = r.and_then(|r| self.phi_steps.iter().find(|(k, _, _)| *k == r.index())).map(|(_, p, c)| (*p, *c));
        // An induction variable's step must be a constant between 0 and the loop's own.
        let exact = |(lo, hi): (i64, i64)| (lo == hi).then_some(lo);
        if root.counters.contains(&phi) {
            return value_of.is_some_and(|p| root.counters.contains(&p)) || step_of.is_some_and(|(p, _)| root.counters.contains(&p));
        }
        let Some(&(_, guard, step)) = root.inductions.iter().find(|(p, _, _)| *p == phi) else { return false };
        let after_guard = self.root_at > guard.index();
        let within = |c: i64| if step > 0 { (0..=step).contains(&c) } else { (step..=0).contains(&c) };
        after_guard && (value_of == Some(phi) || step_of.is_some_and(|(p, c)| p == phi && exact(c).is_some_and(within)))
    }

    fn instruction(&mut self, i: usize) {
        let ins = self.trace.ins[i];
        let (a, b) = (ins.ra(), ins.rb());
        let v = format!("{}{i}", self.prefix);
        if let Some((phi, c)) = self.phi_step(i) {
            self.phi_steps.push((i, phi, c));
        }
        // In a side trace, an operation whose operands' bounds are known may need no guard.
        let proof = self.side_proof(i);
        if let Some(bounds) = proof {
            self.side_ranges.push((i, bounds));
        }
        let proved = proof.is_some();
        let exit = if ins.snap == NO_SNAP || proved {
            String::new()
        } else if ins.op == IrOp::GuardBudget {
            // Never a side trace: the budget check leaves for the tier (steps spent, a
            // collection wanted, the iterations per entry run out).
            self.exit(ins.snap)
        } else if self.is_side || self.trace.function || self.trace.loop_index().is_some_and(|l| i > l) {
            self.exit_or_side(i, ins.snap)
        } else {
            self.exit(ins.snap)
        };
        match ins.op {
            IrOp::Nop | IrOp::Loop | IrOp::Phi | IrOp::KInt | IrOp::KBool | IrOp::KNull | IrOp::KRef | IrOp::KBuiltin => {}
            IrOp::SLoad => self.line(&format!("const {v} = B + {};", 16 * ins.a)),
            IrOp::GLoad => self.line(&format!("const {v} = G + {};", 16 * ins.a)),
            IrOp::SStore => {
                let lean_rec = self.typed.as_ref().filter(|t| t.rec && t.lean).map(|t| t.params.len());
                if lean_rec.is_some_and(|arity| call_setup_store(self.trace, i, arity)) {
                    // Not written, and what the side trace inherited there is gone.
                    self.pending.retain(|(l, _, _)| *l != Carried::Slot(ins.a));
                    return;
                }
                self.store(Carried::Slot(ins.a), b);
            }
            IrOp::GStore => {
                self.store(Carried::Global(ins.a), b);
            }
            IrOp::Unbox => self.unbox(i, &exit),
            IrOp::Box => {
                let addr = self.scratch_addr(i);
                self.line(&format!("const {v} = {addr};"));
                let code = self.write(&v, a);
                self.line(&code);
            }
            IrOp::Add | IrOp::Sub | IrOp::Mul => {
                let sym = match ins.op {
                    IrOp::Add => "+",
                    IrOp::Sub => "-",
                    _ => "*",
                };
                self.line(&format!("const {v} = {} {sym} {};", self.val(a), self.val(b)));
                if ins.snap == NO_SNAP || proved {
                    // `range` (or the side trace's bounds) proved it cannot leave the safe
                    // integers.
                    return;
                }
                // A plain range test. (An int32 test before it, `(v | 0) !== v && ...`,
                // lets V8 drop the check on int32 operands, but measured on node 20 it makes
                // V8 box a loop-carried double into a new heap number every iteration.)
                self.line(&format!("if ({v} > {MAX_SAFE} || {v} < -{MAX_SAFE}) {exit}"));
            }
            IrOp::Div | IrOp::Mod => {
                let divisor = self.trace.get(b);
                let guarded = ins.snap != NO_SNAP && !proved;
                if !(divisor.op == IrOp::KInt && divisor.imm != 0) && guarded {
                    self.line(&format!("if ({} === 0) {exit}", self.val(b)));
                }
                let (x, y) = (self.val(a), self.val(b));
                // Exact for |x| < 2^53: the double quotient never rounds across an integer
                // (stencils-js/Div.js), so `trunc(x / y) * y` is an exact integer too. A `%`
                // whose operands were seen outside int32 (`imm` 1) uses it: there V8 calls
                // fmod for `%` (15 ns against 1.4 ns, measured on node 20). Elsewhere `%`
                // stays, which V8 does in int32, and its guard leaves when an operand is
                // outside int32 (unless `range` proved them inside): the side trace there
                // sees such an operand and takes the quotient. (Testing the operands to
                // take either way inside one trace made int32 loops up to 19% slower: V8
                // then kept the result as a double.)
                // A quotient in int32 (`imm` 0) is `(x / y) | 0`, which V8 does as an
                // integer division (by a constant, with shifts and a multiply) where
                // `Math.trunc(x / y)` is a double division (branchy -39%, mandelbrot -22%,
                // collatz -10%). Its guard leaves for a divisor of -1 too (-2^31 / -1
                // leaves int32).
                if ins.imm == 0 && guarded {
                    let outside = |v: &str| format!("{v} > 2147483647 || {v} < -2147483648");
                    let test = match (divisor.op == IrOp::KInt, ins.op) {
                        (true, _) => outside(&x),
                        (false, IrOp::Mod) => format!("{} || {}", outside(&x), outside(&y)),
                        (false, _) => format!("{} || {} || {y} === -1", outside(&x), outside(&y)),
                    };
                    self.line(&format!("if ({test}) {exit}"));
                }
                let expr = if ins.op == IrOp::Div && ins.imm == 0 {
                    format!("({x} / {y}) | 0")
                } else if ins.op == IrOp::Div {
                    format!("Math.trunc({x} / {y})")
                } else if ins.imm == 1 {
                    format!("{x} - Math.trunc({x} / {y}) * {y}")
                } else {
                    format!("{x} % {y}")
                };
                self.line(&format!("const {v} = {expr};"));
            }
            IrOp::Neg => self.line(&format!("const {v} = -{};", self.val(a))),
            IrOp::Lt | IrOp::Le | IrOp::Gt | IrOp::Ge | IrOp::Eq | IrOp::Ne => {
                let sym = match ins.op {
                    IrOp::Lt => "<",
                    IrOp::Le => "<=",
                    IrOp::Gt => ">",
                    IrOp::Ge => ">=",
                    IrOp::Eq => "===",
                    _ => "!==",
                };
                self.line(&format!("const {v} = {} {sym} {};", self.val(a), self.val(b)));
            }
            IrOp::StrEq => self.line(&format!("const {v} = rt.rt_str_eq({}, {}) !== 0;", self.val(a), self.val(b))),
            IrOp::StrCmp => {
                let cmp = ["< 0", "<= 0", "> 0", ">= 0"][ins.imm.clamp(0, 3) as usize];
                self.line(&format!("const {v} = rt.rt_str_cmp({}, {}) {cmp};", self.val(a), self.val(b)));
            }
            IrOp::Not => self.line(&format!("const {v} = !{};", self.val(a))),
            IrOp::Truthy => {
                let p = self.val(a);
                self.line(&format!("const {v} = !(H8[{p}] === 0 || (H8[{p}] === 1 && H8[{p} + 8] === 0));"));
            }
            IrOp::GuardTrue => self.line(&format!("if (!{}) {exit}", self.val(a))),
            IrOp::GuardFalse => self.line(&format!("if ({}) {exit}", self.val(a))),
            IrOp::GuardRef => self.line(&format!("if ({} !== {}) {exit}", self.val(a), ins.imm)),
            IrOp::GuardProto => {
                let c = self.val(a);
                let proto = match self.invariant_callee(self.trace.get(a)) {
                    Some(k) => format!("GL{k}p"),
                    None => format!("H32[{} >>> 2]", self.table_entry(&c)),
                };
                self.line(&format!("if ({c} !== {} && {proto} !== {}) {exit}", ins.b, ins.imm));
            }
            IrOp::GuardIndex => {
                let (x, n) = (self.val(a), self.val(b));
                self.line(&format!("if ({x} < 0 || {x} >= {n}) {exit}"));
            }
            IrOp::GuardKind if self.root_proved(ins) => {}
            IrOp::GuardKind if ins.imm == ELEMS_VALUES_OR_INTS => {
                let entry = self.table_entry(&self.val(a));
                self.line(&format!("if ((H32[{entry} >>> 2] & {}) === {BOOLS}) {exit}", crate::vm::array::kind::MASK));
            }
            IrOp::GuardKind => {
                let entry = self.table_entry(&self.val(a));
                self.line(&format!("if ((H32[{entry} >>> 2] & {}) !== {}) {exit}", crate::vm::array::kind::MASK, ins.imm));
            }
            IrOp::GuardBudget => {
                let counter = if self.uniform_steps.is_some() { "it" } else { "spent" };
                let gc = if self.gc_in_budget { "" } else { " || gcw !== 0" };
                self.line(&format!("if ({counter} > budget{gc}) {exit}"));
            }
            // Array pointers and lengths, closure prototypes and cells, cell addresses: read
            // from the heap's JIT table (see `Heap::jit_table`), not through helper calls.
            IrOp::ALen | IrOp::APtr => {
                let code = match self.root_derived(ins) {
                    Some(k) => format!("const {v} = v{k};"),
                    // Packed booleans' length is their buffer's first word (the table's is 0);
                    // the table holds packed integers' complemented, which is negative, so
                    // a bounds check against it fails for any other kind (`vm::array`).
                    None if ins.op == IrOp::ALen && ins.imm == BOOLS => format!("const {v} = H32[H32[{} >>> 2] >>> 2];", self.table_entry(&self.val(a))),
                    None if ins.op == IrOp::ALen && ins.imm == INTS => format!("const {v} = ~H32[({} + 4) >>> 2];", self.table_entry(&self.val(a))),
                    // Values or integers: the word or its complement (0 for booleans).
                    None if ins.op == IrOp::ALen && ins.imm == ELEMS_VALUES_OR_INTS => {
                        format!("const {v}w = H32[({} + 4) >>> 2], {v} = {v}w >= 0 ? {v}w : ~{v}w;", self.table_entry(&self.val(a)))
                    }
                    None if ins.op == IrOp::ALen && ins.imm == ALEN_VALUES => {
                        format!("const {v} = H32[({} + 4) >>> 2];", self.table_entry(&self.val(a)))
                    }
                    None if ins.op == IrOp::ALen => {
                        let e = self.table_entry(&self.val(a));
                        let mask = crate::vm::array::kind::MASK;
                        format!("const {v}w = H32[{e} >>> 2], {v} = ({v}w & {mask}) === 0 ? H32[({e} + 4) >>> 2] : H32[{v}w >>> 2];")
                    }
                    None => format!("const {v} = H32[{} >>> 2] >>> 0;", self.table_entry(&self.val(a))),
                };
                self.line(&code);
            }
            // A packed array's element is a byte: `BOOLS_AT` past the (tagged) pointer is
            // the first.
            IrOp::ALoad if ins.imm == BOOLS => self.line(&format!("const {v} = H8[{} + {} + {BOOLS_AT}] !== 0;", self.val(a), self.val(b))),
            // A packed integer's address: its `Unbox` reads it (`Gen::unbox`).
            IrOp::ALoad if ins.imm == INTS => self.line(&format!("const {v} = {} + {INTS_AT} + 8 * {};", self.val(a), self.val(b))),
            // Either kind's element address, by the pointer's kind bits; its `Unbox` tests
            // them again.
            IrOp::ALoad if ins.imm == ELEMS_VALUES_OR_INTS => {
                let (p, x) = (self.val(a), self.val(b));
                self.line(&format!("const {v} = ({p} & 7) === 0 ? {p} + 16 * {x} : {p} + {INTS_AT} + 8 * {x};"));
            }
            IrOp::ALoad => self.line(&format!("const {v} = {} + 16 * {};", self.val(a), self.val(b))),
            IrOp::AStore if ins.imm == BOOLS => {
                self.line(&format!("H8[{} + {} + {BOOLS_AT}] = {} ? 1 : 0;", self.val(a), self.val(b), self.val(ins.rc())))
            }
            // A packed integer is a double (a trace's integers are all within its range).
            IrOp::AStore if ins.imm == INTS => {
                self.line(&format!("F64[({} + {INTS_AT} + 8 * {}) >>> 3] = {};", self.val(a), self.val(b), self.val(ins.rc())))
            }
            IrOp::AStore => {
                let code = self.write(&format!("({} + 16 * {})", self.val(a), self.val(b)), ins.rc());
                self.line(&code);
            }
            IrOp::SLen => {
                // An ASCII string's characters are its bytes, in its JIT table entry.
                let h = self.val(a);
                let e = self.table_entry(&h);
                self.line(&format!("const {v}w = H32[({e} + 4) >>> 2], {v} = {v}w >= 0 ? {v}w : rt.rt_slen({h});"));
            }
            IrOp::SBytes => {
                let (_, n) = self.str_bytes(&self.val(a));
                self.line(&format!("const {v} = {n};"));
            }
            IrOp::SIndex => {
                let addr = self.scratch_addr(i);
                self.line(&format!("const {v} = {addr}; rt.rt_sindex({}, {}, {v});", self.val(a), self.val(b)));
                self.refresh_views();
            }
            IrOp::StrCat => {
                self.line(&format!("const {v} = rt.rt_strcat({}, {});", self.val(a), self.val(b)));
                self.refresh_views();
                // `NO_OBJECT` (u32::MAX) arrives through the raw export as -1.
                self.line(&format!("if ({v} === -1) {exit}"));
            }
            IrOp::HLoad => {
                let addr = self.scratch_addr(i);
                self.line(&format!("const {v} = {addr};"));
                self.line(&format!("if (rt.rt_hget({}, {}, {v}) !== 0) {exit}", self.val(a), self.val(b)));
            }
            IrOp::HStore => {
                self.line(&format!("if (rt.rt_hset({}, {}, {}) !== 0) {exit}", self.val(a), self.val(b), self.val(ins.rc())));
                self.refresh_views();
            }
            IrOp::Push => {
                self.line(&format!("const {v} = rt.rt_push({}, {});", self.val(a), self.val(b)));
                self.refresh_views();
                self.line(&format!("if ({v} === -1) {exit}"));
            }
            IrOp::ToStr => {
                self.line(&format!("const {v} = rt.rt_tostr({});", self.val(a)));
                self.refresh_views();
            }
            IrOp::SToJ | IrOp::SChars => {
                let (p, n) = self.str_bytes(&self.val(a));
                let f = if ins.op == IrOp::SToJ { "sj" } else { "sc" };
                self.line(&format!("const {v} = {f}(H8, {p}, {n});"));
            }
            IrOp::JIndex => {
                self.line(&format!("const {v} = {}[{}];", self.val(a), self.val(b)));
                self.line(&format!("if ({v} === undefined) {exit}"));
            }
            IrOp::JCat => {
                let (x, y) = (self.val(a), self.val(b));
                self.line(&format!("if ({x}.length + {y}.length > {JCAT_LIMIT}) {exit}"));
                self.line(&format!("const {v} = {x} + {y};"));
            }
            IrOp::JEq => self.line(&format!("const {v} = {} === {};", self.val(a), self.val(b))),
            IrOp::IntToJ => self.line(&format!("const {v} = \"\" + {};", self.val(a))),
            IrOp::JToS => {
                self.line(&format!("const {v} = ms({});", self.val(a)));
                self.refresh_views();
            }
            IrOp::RootFn => self.line(&format!("const {v} = H32[(B - 8) >>> 2];")),
            IrOp::CallSelf if self.typed.is_some() => {
                let arity = self.typed.as_ref().map_or(0, |t| t.params.len());
                let rec = self.typed.as_ref().is_some_and(|t| t.rec);
                let Some(args) = call_args(self.trace, i, arity) else {
                    // `typed_signature` found every call's arguments; should one lack
                    // them, the whole call is abandoned rather than run wrong.
                    self.line(&format!("return {};", if rec { "undefined".to_string() } else { ABANDONED.to_string() }));
                    return;
                };
                let args: String = args.iter().map(|a| format!(", {}", self.val(*a))).collect();
                // The call's result lands in its callee slot, over what the slot and those
                // above it held (a side trace in `rec` may inherit them unwritten).
                self.pending.retain(|(l, _, _)| !matches!(l, Carried::Slot(s) if *s >= ins.a));
                self.current.clear();
                self.line("SP += 1;");
                self.line(&format!("const {v} = rec(B + {}, depth + 1{args});", 16 * (ins.a + 1)));
                self.line(&format!("if ({v} === undefined) return {};", if rec { "undefined".to_string() } else { ABANDONED.to_string() }));
                if !self.typed.as_ref().is_some_and(|t| t.lean) {
                    self.refresh_views();
                }
                if !rec {
                    // The outermost level keeps memory current for its exits.
                    let ty = self.typed.as_ref().map_or(Ty::Any, |t| t.result);
                    self.line(&write_value(&Addr(Carried::Slot(ins.a)), &v, ty));
                }
            }
            IrOp::Ret if self.typed.as_ref().is_some_and(|t| t.rec) => {
                if ins.imm != 0 {
                    self.line(&format!("SP += {};", ins.imm));
                }
                self.line(&format!("return {};", self.val(a)));
            }
            IrOp::CallSelf => {
                self.current.clear();
                self.line("SP += 1;");
                self.line(&format!(
                    "if (T[{}](B + {}, G, X, C, steps, H8, H32, F64, depth + 1) !== -1) return {ABANDONED};",
                    self.self_id,
                    16 * (ins.a + 1)
                ));
                self.refresh_views();
            }
            IrOp::Ret => {
                let code = self.write(&"(B - 16)", a);
                self.line(&code);
                if ins.imm != 0 {
                    self.line(&format!("SP += {};", ins.imm));
                }
                self.line("return -1;");
            }
            IrOp::CallTrace => {
                let Some(inner) = self.inners.iter().find(|x| i64::from(x.trace) == ins.imm && x.resume_pc == ins.b) else {
                    // Not linkable (the inner trace went away): just leave.
                    self.line(&exit);
                    return;
                };
                let writes = self.exit_writes(ins.snap);
                // Memory is current from here: the inner trace reads it.
                self.pending.clear();
                let taken = self.trace.snaps[ins.snap as usize].steps();
                self.line(&format!("{{ {writes}"));
                // Its budget is what is left after this iteration's own steps, those before
                // the call and those after it: `max_steps`, which the loop-head check
                // reserved for any path. (With only `spent` subtracted, an inner loop at the
                // step limit ran one iteration more than the interpreter: found in review;
                // with the steps before the call too, a call after the inner loop, or the
                // back-edge, went past the limit: found by a bug hunt.) Near the limit the
                // inner trace leaves early and the interpreter goes on.
                self.line(&format!("const ie = T[{t}](B + {base}, G, X + {INNER_SCRATCH}, C, steps - spent - {}, H8, H32, F64);", self.max_steps, t = inner.trace, base = 16 * ins.a));
                // It wrote the frame, and whatever else its loop stores.
                self.current.clear();
                // The inner trace may have grown memory (detaching these views, whose reads
                // would then give `undefined`): fresh views first.
                self.refresh_views();
                self.line(&format!("const ispent = F64[(C + {CTX_SPENT}) >>> 3];"));
                self.line("it += F64[(C + 0) >>> 3];");
                let mut cases = String::new();
                for (exit, calls) in &inner.normal {
                    let _ = write!(cases, "if (ie === {exit}) {{ spent += ispent + {calls}; }} else ");
                }
                // Abnormal: start the chain (the inner trace left through its own exit) or
                // extend it (it passed a nested exit on), then leave as a nested exit.
                let (me, snap) = (self.self_id, self.exit_base + ins.snap);
                let (len, chain) = (CTX_CHAIN_LEN, CTX_CHAIN);
                let chained = format!(
                    "if (ie < {NESTED_EXIT}) {{ H32[(C + {len} + 4) >>> 2] = {t}; H32[(C + {len} + 8) >>> 2] = ie; H32[(C + {len}) >>> 2] = 0; }} \
                     const n = H32[(C + {len}) >>> 2]; H32[(C + {chain} + 8 * n) >>> 2] = {me}; H32[(C + {chain} + 8 * n + 4) >>> 2] = {snap}; H32[(C + {len}) >>> 2] = n + 1; ",
                    t = inner.trace
                );
                let leave = self.nested_exit(&format!("ispent + {taken}"));
                self.line(&format!("{cases}{{ {chained}{leave} }}"));
                self.line("}");
            }
            IrOp::Free => self.line(&format!("const {v} = H32[(H32[({} + 4) >>> 2] >>> 2) + {}];", self.table_entry(&self.val(a)), ins.imm)),
            IrOp::CAddr => self.line(&format!("const {v} = H32[{} >>> 2] >>> 0;", self.table_entry(&self.val(a)))),
            // The cell's value is read and written where it lives, like a VM slot.
            IrOp::CLoad => self.line(&format!("const {v} = {};", self.val(a))),
            IrOp::CStore => {
                let code = self.write(&format!("({})", self.val(a)), b);
                self.line(&code);
            }
        }
    }

    /// `Unbox` `i`, to an integer, of an element of an array of values or of integers
    /// ([`ELEMS_VALUES_OR_INTS`]) at address `p`, its kind in the low bits of `ptr`: a
    /// value's integer read as `unbox` reads one, a packed one's double as it is (so an
    /// integer seen small is an int32 only when it is a value's: `opt::range` knows).
    fn unbox_either_int(&mut self, i: usize, p: &str, ptr: &str, exit: &str) {
        let ins = self.trace.ins[i];
        let v = format!("{}{i}", self.prefix);
        let value = if ins.imm == 1 {
            format!("const h = H32[({p} + 12) >>> 2]; {v} = H32[({p} + 8) >>> 2]; if (h !== {v} >> 31) {exit}")
        } else {
            format!("const h = H32[({p} + 12) >>> 2], l = H32[({p} + 8) >>> 2]; if (h < -2097151 || h > 2097151) {exit} {v} = h === l >> 31 ? l : h * 4294967296 + (l >>> 0);")
        };
        self.line(&format!("let {v};"));
        self.line(&format!("if (({ptr} & 7) === 0) {{ if (H8[{p}] !== 2) {exit} {value} }} else {v} = F64[{p} >>> 3];"));
    }

    fn unbox(&mut self, i: usize, exit: &str) {
        let ins = self.trace.ins[i];
        let src = self.trace.get(ins.ra());
        let v = format!("{}{i}", self.prefix);
        if let Some(k) = self.invariant_callee(&ins) {
            self.line(&format!("if (GL{k}t !== {}) {exit}", crate::vm::value::tag::CLOSURE));
            self.line(&format!("const {v} = GL{k}h;"));
            return;
        }
        // A location the side path has not written (nor an inner loop since): its value is
        // the inherited one; a boxed one (a hash lookup's result, typed after the `Index`)
        // is unboxed from where it is, not from memory, which the parent has not written.
        let mut boxed_at = None;
        if self.is_side {
            if let Some((value, ty)) = src.loaded().and_then(|l| self.known_value(i, l)) {
                if ty == Ty::JStr && ins.ty == Ty::Str {
                    // The root keeps it as a JS string: the side path takes a heap string.
                    self.line(&format!("const {v} = ms({value});"));
                    self.refresh_views();
                    return;
                }
                if ty != Ty::Any {
                    let code = if ty == ins.ty { format!("const {v} = {value};") } else { format!("{exit} const {v} = 0;") };
                    self.line(&code);
                    // An array the root holds: what its preheader checked and read of it
                    // holds here too ([`Gen::root_derived`], [`Gen::root_proved`]).
                    if ty == Ty::Arr && ins.ty == Ty::Arr {
                        if let Some(r) = self.root_value_named(&value) {
                            self.root_alias.push((i, r.index()));
                        }
                    }
                    if ty == Ty::Int && ins.ty == Ty::Int {
                        if let Some(phi) = self.root_phi_named(&value) {
                            self.phi_values.push((i, phi));
                        }
                        // A constant the parent's snapshot holds, or a root value's facts.
                        let bounds = value.parse::<i64>().ok().map(|k| (k, k)).or_else(|| self.root_value_named(&value).and_then(|r| self.root_bounds(r)));
                        if let Some(bounds) = bounds {
                            self.side_ranges.push((i, bounds));
                        }
                    }
                    return;
                }
                boxed_at = Some(value);
            } else if let Some(k) = src.loaded().and_then(|l| self.root_invariant(i, l, ins.ty)) {
                self.root_alias.push((i, k));
                self.line(&format!("const {v} = v{k};"));
                return;
            }
        }
        if let (Some(t), Some(slot)) = (&self.typed, unboxed_slot(self.trace, i)) {
            // A typed function trace: a parameter below the entry is a JS argument, and
            // a recursive call's result is the call's JS value.
            let (arity, result) = (t.params.len(), t.result);
            let call = last_def(self.trace, i, slot).filter(|&k| self.trace.ins[k].op == IrOp::CallSelf);
            if let Some(k) = call {
                let r = format!("{}{k}", self.prefix);
                self.line(&if ins.ty == result { format!("const {v} = {r};") } else { format!("{exit} const {v} = 0;") });
                return;
            }
            if t.rec && (slot as usize) < arity && last_def(self.trace, i, slot).is_none() {
                let counter = t.counters[slot as usize];
                self.line(&format!("const {v} = a{slot};"));
                if counter {
                    self.side_ranges.push((i, (-RECURSION_COUNTER_BOUND, RECURSION_COUNTER_BOUND)));
                }
                return;
            }
        }
        if src.ty != Ty::Any {
            // A typed source: the type is known statically.
            if src.ty == ins.ty {
                self.line(&format!("const {v} = {};", self.val(ins.ra())));
            } else {
                self.line(&format!("{exit} const {v} = 0;"));
            }
            return;
        }
        let p = boxed_at.unwrap_or_else(|| self.val(ins.ra()));
        if src.op == IrOp::ALoad && src.imm == ELEMS_VALUES_OR_INTS {
            let ptr = self.val(src.ra());
            if ins.ty == Ty::Int {
                self.unbox_either_int(i, &p, &ptr, exit);
                return;
            }
            // Anything but an integer is only ever a value.
            self.line(&format!("if (({ptr} & 7) !== 0) {exit}"));
        }
        // A boxed value's payload is 8 bytes past its tag; a packed integer is a double
        // (an `ALoad` of kind `INTS` is its address) that is the integer, with nothing to
        // check (`opt::range` takes it as any integer, even one the recorder saw small).
        let packed = src.op == IrOp::ALoad && src.imm == INTS;
        match ins.ty {
            Ty::Int if packed => self.line(&format!("const {v} = F64[{p} >>> 3];")),
            Ty::Int if !self.is_side && self.trace.loop_index().is_some_and(|l| i < l) => {
                // In the preheader (run once per entry): an int32 inline, anything else by
                // the helper (smaller code). The helper alone returned a double or an int32
                // in every trace, and V8 typed what it fed as doubles; an int32 here, where
                // the helper has not run in this trace, stays one (matmul's inner trace 6%
                // faster, replayed alone; in the whole benchmark, within its noise).
                self.line(&format!("let {v} = H32[({p} + 8) >>> 2];"));
                self.line(&format!("if (H8[{p}] !== 2 || H32[({p} + 12) >>> 2] !== {v} >> 31) {{ {v} = ri(H8, H32, {p}); if ({v} !== {v}) {exit} }}"));
            }
            Ty::Int if ins.imm == 1 => {
                // Seen small when recorded: read as an int32, leaving when it is not one
                // (the side trace there reads it whole). One compare where the general
                // read takes three and a select (matmul -5%, array_sum -9%); `range`
                // counts on it (`opt::range::value_range`).
                self.line(&format!("const {v}h = H32[({p} + 12) >>> 2], {v} = H32[({p} + 8) >>> 2];"));
                self.line(&format!("if (H8[{p}] !== 2 || {v}h !== {v} >> 31) {exit}"));
                if self.is_side || self.trace.function {
                    self.side_ranges.push((i, (i64::from(i32::MIN), i64::from(i32::MAX))));
                }
            }
            Ty::Int => {
                // An integer that fits in 32 bits is read as one, so V8 (which never sees
                // the other branch run) can keep it in an int32 register.
                self.line(&format!("const {v}h = H32[({p} + 12) >>> 2], {v}l = H32[({p} + 8) >>> 2];"));
                self.line(&format!("if (H8[{p}] !== 2 || {v}h < -2097151 || {v}h > 2097151) {exit}"));
                self.line(&format!("const {v} = {v}h === {v}l >> 31 ? {v}l : {v}h * 4294967296 + ({v}l >>> 0);"));
            }
            // A packed integer is nothing else.
            _ if packed => self.line(&format!("{exit} const {v} = 0;")),
            Ty::Bool => {
                self.line(&format!("if (H8[{p}] !== 1) {exit}"));
                self.line(&format!("const {v} = H8[{p} + 8] !== 0;"));
            }
            Ty::Null => {
                self.line(&format!("if (H8[{p}] !== 0) {exit}"));
                self.line(&format!("const {v} = null;"));
            }
            Ty::Builtin => {
                self.line(&format!("if (H8[{p}] !== 7) {exit}"));
                self.line(&format!("const {v} = H8[{p} + 8];"));
            }
            ty => {
                let tag = ty.tag().unwrap_or(255);
                self.line(&format!("if (H8[{p}] !== {tag}) {exit}"));
                self.line(&format!("const {v} = H32[({p} + 8) >>> 2];"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_one_pass_and_other_comments_kept() {
        let code = format!("{EXIT_VARS}let a = 1; /* a comment */ f(X + {INNER_SCRATCH}){EXIT_ARGS}; /*{JSTR_WRITTEN}");
        let mut out = String::from("// head\n");
        substitute_into(&mut out, &code, &[(EXIT_VARS, ", e0 = 0"), (EXIT_ARGS, ", p3"), (INNER_SCRATCH, "48"), (JSTR_WRITTEN, " views();")]);
        assert_eq!(out, "// head\n, e0 = 0let a = 1; /* a comment */ f(X + 48), p3; /* views();");
        // A replacement is not searched again: a placeholder's text in it stays as it is.
        let mut out = String::new();
        substitute_into(&mut out, EXIT_VARS, &[(EXIT_VARS, EXIT_ARGS), (EXIT_ARGS, "no")]);
        assert_eq!(out, EXIT_ARGS);
    }
}
