//! Tier 0: the bytecode interpreter and the runtime every tier shares.
//!
//! * [`value`] — the 16-byte value layout JIT code reads and writes;
//! * [`heap`] — the object table and its mark-sweep collector;
//! * [`arith`] — integer semantics in plain `core` Rust (shared with the native stencils);
//! * [`ops`] — the meaning of every operation on values (the slow paths of all tiers);
//! * [`builtins`], [`print`] — builtin functions and the printed form;
//! * [`interp`] — the dispatch loop.
//!
//! # Machine state
//! One value stack holds every frame: a frame is `[callee][locals...][operands...]`,
//! where the callee slot sits just below `base`, locals (parameters first, then named
//! locals, then hidden loop temps) are `stack[base..base + num_locals]`, and the
//! operand stack grows above them up to the function's static `max_stack`. A call
//! leaves its arguments in place as the callee's first locals, so calling copies
//! nothing. Globals are one array of values; constants are materialised once per
//! program into another. All three are plain `Vec<Value>` in (Wasm) linear memory, so
//! JS tiers reach them through typed-array views (re-derived after anything that may
//! grow memory) and the native tier through pointers.

pub mod arith;
pub mod array;
pub mod builtins;
pub mod heap;
pub mod interp;
pub mod ops;
pub mod print;
pub mod value;

use std::fmt;

use crate::syntax::Pos;
use heap::{Heap, HeapStats};
use value::{Ref, Value};

/// Nested calls allowed (the top level not counted). LANGUAGE.md asks for at least
/// 10,000; twice that leaves room for recursion written as `f(10000)` plus helpers.
pub const MAX_FRAMES: usize = 20_000;
/// Largest value stack, in slots (16 bytes each).
pub const MAX_STACK_SLOTS: usize = 4 << 20;
/// Initial value stack size, in slots.
const INITIAL_STACK_SLOTS: usize = 1 << 12;

/// A runtime error: where it happened and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "runtime error at {}: {}", self.pos, self.message)
    }
}

impl std::error::Error for RuntimeError {}

/// Execution counters for `--stats`.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VmStats {
    /// Calls of functions and builtins.
    pub calls: u64,
    /// Loop iterations (back-edges taken).
    pub loop_iterations: u64,
    pub heap: HeapStats,
}

/// One activation record. `repr(C)`: the native tier pushes and pops frames itself
/// (`native::abi::FrameRec`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub proto: u32,
    /// The running closure ([`NO_CLOSURE`] for a top level).
    pub closure: Ref,
    /// Where to resume (saved when this frame calls another).
    pub ip: u32,
    /// Stack index of local 0.
    pub base: u32,
}

/// The closure handle of top-level frames, which capture nothing.
pub(crate) const NO_CLOSURE: Ref = Ref(u32::MAX);

/// A virtual machine: heap, globals and stack. It persists across REPL entries.
pub struct Vm {
    /// Boxed, so that lending it to the JIT's helpers at every trace entry
    /// (`jit::runtime::lend_heap`) moves a pointer, not the heap's fields.
    pub heap: Box<Heap>,
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub globals: Vec<Value>,
    /// The program's constant pool as values (strings allocated on the heap, rooted here).
    pub(crate) consts: Vec<Value>,
    /// Steps (loop iterations and calls) left before `step limit exceeded`.
    pub(crate) steps_left: u64,
    pub stats: VmStats,
    /// The trace tier, when enabled for this run.
    pub jit: Option<Box<crate::jit::TraceJit>>,
    /// The template tier, when enabled for this run.
    pub tpl: Option<Box<crate::template::TemplateJit>>,
    /// The native tier, when enabled for this run.
    #[cfg(native_tier)]
    pub native: Option<Box<crate::native::NativeJit>>,
    /// The stack pointer while the dispatch loop is not running (it switches between
    /// its recording and normal instantiations through here).
    pub(crate) saved_sp: usize,
    /// Loop iterations and calls before the dispatch loop returns to be entered again
    /// (`interp::REENTER_EVERY`).
    pub(crate) until_reentry: u32,
    /// While a function trace is being recorded, the frame depth at which recording
    /// resumes (`usize::MAX`: recording is not suspended). The recorder skips a
    /// recursive call's run; the interpreter runs it in its normal instantiation,
    /// and the call's return to this depth switches back (see `Vm::record_step`).
    pub(crate) record_resume: usize,
}

impl Default for Vm {
    fn default() -> Self {
        Vm {
            heap: Box::default(),
            stack: vec![Value::Null; INITIAL_STACK_SLOTS],
            frames: Vec::with_capacity(64),
            globals: vec![],
            consts: vec![],
            steps_left: u64::MAX,
            stats: VmStats::default(),
            jit: None,
            tpl: None,
            #[cfg(native_tier)]
            native: None,
            saved_sp: 0,
            until_reentry: interp::REENTER_EVERY,
            record_resume: usize::MAX,
        }
    }
}

impl Vm {
    pub fn new() -> Self {
        Vm::default()
    }

    /// Limit the steps of the following runs (`None`: unlimited).
    pub fn set_max_steps(&mut self, max_steps: Option<u64>) {
        self.steps_left = max_steps.unwrap_or(u64::MAX);
    }

    /// The stats so far, with the heap's counters.
    pub fn stats(&self) -> VmStats {
        VmStats { heap: self.heap.stats, ..self.stats }
    }

    /// Make the stack at least `slots` long; false when that exceeds [`MAX_STACK_SLOTS`].
    pub(crate) fn grow_stack(&mut self, slots: usize) -> bool {
        if slots > MAX_STACK_SLOTS {
            return false;
        }
        let new_len = slots.next_power_of_two().clamp(INITIAL_STACK_SLOTS, MAX_STACK_SLOTS);
        self.stack.resize(new_len, Value::Null);
        true
    }

    /// Run a collection with every root the VM holds; `sp` is the live stack height.
    /// Fails with `out of memory` when the live heap is over its limit.
    pub(crate) fn collect_garbage(&mut self, sp: usize) -> Result<(), String> {
        let closures = self.frames.iter().filter(|f| f.closure != NO_CLOSURE).map(|f| Value::Closure(f.closure));
        let roots = self.stack[..sp].iter().chain(&self.globals).chain(&self.consts).copied().chain(closures);
        self.heap.collect(roots.collect::<Vec<_>>())
    }
}
