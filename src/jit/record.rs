//! The trace recorder: bytecode, as the interpreter executes it, → trace IR.
//!
//! When a loop's back-edge becomes hot, the interpreter runs one more iteration with
//! the recorder watching. Before each instruction executes, [`Recorder::record`] sees it
//! together with the live VM values it is about to operate on, and emits IR specialised
//! to what it sees: the types of operands (as `Unbox` type guards), the direction of
//! branches (as `GuardTrue`/`GuardFalse`), the identity of called closures (as
//! `GuardRef`, after which the callee's body is recorded inline).
//!
//! The recorder mirrors the VM stack with a *slot map*: slot `s` (relative to the root
//! frame's base) → the IR value it currently holds, for operand-stack values and for
//! locals written during the trace. Inlined frames live in the same slot space exactly
//! where the interpreter would put them, so a snapshot — the slot map, the inlined
//! frames and the pc — is all an exit needs to rebuild the interpreter's state.
//!
//! The IR it emits is deliberately naive, like a template compiler's: every local read is
//! an `SLoad` and an `Unbox`, every write a `Box` and an `SStore`, every global access goes
//! to memory. Removing that redundancy is the optimizer's job (`opt/`), one pass per idea,
//! so that each pass's contribution can be measured by switching it off.
//!
//! An inner loop that already has a trace is not recorded but called (`CallTrace`), after
//! its head's test when that only reads (`InnerTest`); in a function trace, a recursive
//! call calls the trace itself (`CallSelf`). A side trace from a short loop's exit may go
//! on round the enclosing loop and close where it falls into the loop's head again
//! (`may_cross_outer`). What it cannot
//! record (allocation of closures and containers, most builtins, an inner loop without a
//! trace, recursion in a loop trace, leaving the loop's function, error paths, side
//! effects in a function trace) aborts with a named reason.

use super::ir::*;
use crate::bytecode::{Instr, Op, Program};
use crate::vm::array::kind;
use crate::vm::builtins::Builtin;
use crate::vm::heap::Heap;
use crate::vm::value::{Ref, Value};

/// How a recorded instruction accesses an array's elements ([`Recorder::elements`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// `a[i]`.
    Read,
    /// `a[i] = v`.
    Write,
    /// A for-in's next element.
    Iterate,
}

/// Deepest inlining of calls inside a trace.
pub const MAX_INLINE_DEPTH: usize = 6;
/// Longest trace, in IR instructions.
pub const MAX_TRACE_LEN: usize = 4000;

/// The VM state the recorder reads.
pub struct VmView<'a> {
    pub stack: &'a [Value],
    pub globals: &'a [Value],
    pub consts: &'a [Value],
    pub heap: &'a Heap,
    pub program: &'a Program,
}

/// What the interpreter should do after recording an instruction.
#[derive(Debug, PartialEq)]
pub enum Step {
    Continue,
    /// The loop closed: the trace is complete (the `Loop` instruction is not yet executed).
    Closed,
    Abort(String),
}

#[derive(Clone, Debug)]
struct RecFrame {
    base: u32,
    proto: u32,
    closure: IrRef,
    return_pc: u32,
}

/// Whether an integer is *small* as the recorder marks it (`Unbox` with `imm` 1):
/// within 2^20, so that `opt::range` may speculate it stays within 2^26, and the loop
/// body reads it as an int32.
pub fn small(n: i64) -> bool {
    n.unsigned_abs() < 1 << 20
}

/// Records one trace.
pub struct Recorder {
    pub trace: Trace,
    /// Bytecode instructions recorded.
    pub instructions: u32,
    pub root_proto: u32,
    pub header_pc: u32,
    /// Absolute stack index of the root frame's local 0.
    pub root_base: usize,
    /// Stack height (relative) at the loop header.
    pub header_top: u32,
    map: Vec<IrRef>,
    stored_globals: Vec<(u32, IrRef)>,
    frames: Vec<RecFrame>,
    calls: u32,
    /// Snapshot of the current state, if no state changed since it was taken.
    current_snap: Option<u32>,
    /// Deepest slot the trace touches (for the stack capacity check at entry).
    pub max_slot: u32,
    /// The loop's index in the tier's loop table.
    pub loop_key: usize,
    /// For a side trace: the parent trace and the exit it starts from.
    pub side_of: Option<(u32, u32)>,
    /// While the interpreter runs an inner loop that the trace calls (`CallTrace` at
    /// instruction `call`): the interpreter's frame depth there, and the loop's pc range.
    skipping: Option<(usize, usize, usize, usize)>,
    /// pc of the loop's back-edge (`Loop` instruction), once closed.
    pub loop_pc: u32,
    /// Recording a function trace (from a call to the root function's `Return`).
    pub function: bool,
    /// The interpreter's frame depth at the instruction being recorded.
    depth: usize,
    /// Root loop traces: the value tags of the root frame's slots below the loop head's
    /// stack height and of the globals when recording started (see [`Recorder::adopt`]).
    start_tags: Option<(Vec<u8>, Vec<u8>)>,
    /// A side trace of a loop trace may go on round an enclosing loop (see `Op::Loop`).
    pub may_cross_outer: bool,
    /// It has gone round an enclosing loop's back-edge (once only).
    crossed_outer: bool,
    /// Back-edges of enclosing loops gone round since the iteration began (by this side
    /// trace and the side traces it branches from): steps, like `calls`.
    loops: u32,
    /// Recording the test at the head of an inner loop that has a trace, before calling
    /// that trace (see [`InnerTest`]).
    inner_test: Option<InnerTest>,
}

/// The test at the head of an inner loop with a trace, being recorded: when it fails, the
/// loop runs no iteration and the path goes on after it, with no call of the inner trace
/// (a sieve's primes past the square root of `n` are most of them); when it holds, the
/// trace is called (`CallTrace`). Its snapshots resume at the loop head: the test only
/// reads, so the interpreter evaluates it again there, and a side trace from one of them
/// starts at the head, where it too records the test and calls the inner trace if the
/// loop runs.
#[derive(Clone, Copy, Debug)]
struct InnerTest {
    inner: InnerLoop,
    /// The interpreter's frame depth, the frame's base slot and the stack height at the head.
    depth: usize,
    frame: u32,
    top: u32,
    /// The test's conditional jump out of the loop, and the pc after it (the body).
    jump_pc: usize,
    body_pc: usize,
    /// The snapshot at the loop head, once taken: the test changes nothing below the
    /// head's stack height, so its guards and the call share it.
    snap: Option<u32>,
}

/// An inner loop head the recorder reached: its trace and its pc range.
#[derive(Clone, Copy, Debug)]
pub struct InnerLoop {
    pub trace: u32,
    pub header_pc: usize,
    pub loop_pc: usize,
}

/// For the loop `inner` of `code`: when its head is a test that only reads (locals,
/// globals, constants, arithmetic, comparisons) and then leaves the loop by a conditional
/// jump, the pc of that jump and of the instruction after it (see [`InnerTest`]).
fn pure_loop_test(code: &[u8], inner: InnerLoop) -> Option<(usize, usize)> {
    use crate::bytecode::Op::*;
    let mut pc = inner.header_pc;
    for _ in 0..16 {
        let i = Instr::decode(code, pc)?;
        match i.op {
            GetLocal | GetGlobal | Const | True | False | Null | Add | Sub | Mul | Div | Mod | Neg | Eq | NotEq | Lt | Gt | LtEq | GtEq | Not | ToBool => pc = i.next_pc(),
            JumpIfFalse => {
                let target = i.branch_target()?;
                return (target < inner.header_pc || target > inner.loop_pc).then_some((pc, i.next_pc()));
            }
            _ => return None,
        }
    }
    None
}

fn abort<T>(reason: impl Into<String>) -> Result<T, String> {
    Err(reason.into())
}

impl Recorder {
    pub fn new(root_proto: u32, header_pc: u32, root_base: usize, header_top: u32) -> Recorder {
        let mut r = Recorder {
            instructions: 0,
            trace: Trace::default(),
            root_proto,
            header_pc,
            root_base,
            header_top,
            map: vec![],
            stored_globals: vec![],
            frames: vec![],
            calls: 0,
            current_snap: None,
            max_slot: header_top,
            loop_key: usize::MAX,
            side_of: None,
            skipping: None,
            inner_test: None,
            loop_pc: 0,
            function: false,
            depth: 0,
            start_tags: None,
            may_cross_outer: false,
            crossed_outer: false,
            loops: 0,
        };
        r.trace.header_top = header_top;
        // Steps and the collector are checked once per iteration, at the loop head; the
        // step count per iteration is filled in when the loop closes.
        r.guard(Ins::new(IrOp::GuardBudget, Ty::Void), header_pc, header_top);
        r
    }

    // ------------------------------------------------------------------ emission

    fn emit(&mut self, ins: Ins) -> IrRef {
        self.trace.ins.push(ins);
        IrRef(self.trace.ins.len() as u32 - 1)
    }

    fn op1(&mut self, op: IrOp, ty: Ty, a: IrRef) -> IrRef {
        self.emit(Ins { a: a.0, ..Ins::new(op, ty) })
    }

    fn op2(&mut self, op: IrOp, ty: Ty, a: IrRef, b: IrRef) -> IrRef {
        self.emit(Ins { a: a.0, b: b.0, ..Ins::new(op, ty) })
    }

    fn kint(&mut self, n: i64) -> IrRef {
        self.emit(Ins { imm: n, ..Ins::new(IrOp::KInt, Ty::Int) })
    }

    fn kbool(&mut self, b: bool) -> IrRef {
        self.emit(Ins { imm: b as i64, ..Ins::new(IrOp::KBool, Ty::Bool) })
    }

    fn ty(&self, r: IrRef) -> Ty {
        self.trace.get(r).ty
    }

    /// A snapshot of the state before the instruction at `pc`, with stack height `top`.
    fn snapshot(&mut self, pc: u32, top: u32) -> u32 {
        // While an inner loop's test is recorded, its guards resume at the loop's head.
        if let Some(test) = self.inner_test {
            let s = test.snap.unwrap_or_else(|| self.new_snapshot(test.inner.header_pc as u32, test.top));
            self.inner_test = Some(InnerTest { snap: Some(s), ..test });
            return s;
        }
        if let Some(s) = self.current_snap {
            if self.trace.snaps[s as usize].pc == pc && self.trace.snaps[s as usize].top == top {
                return s;
            }
        }
        self.new_snapshot(pc, top)
    }

    /// A new snapshot of the state before the instruction at `pc`, with stack height `top`.
    fn new_snapshot(&mut self, pc: u32, top: u32) -> u32 {
        let slots = self.map.iter().enumerate().take(top as usize).filter(|(_, r)| !r.is_none()).map(|(s, r)| (s as u32, *r)).collect();
        let frames = self.frames.iter().map(|f| FrameSnap { base: f.base, proto: f.proto, return_pc: f.return_pc }).collect();
        self.trace.snaps.push(Snapshot { pc, frames, slots, top, globals: self.stored_globals.clone(), calls: self.calls, loops: self.loops });
        let s = self.trace.snaps.len() as u32 - 1;
        self.current_snap = Some(s);
        s
    }

    fn guard(&mut self, mut ins: Ins, pc: u32, top: u32) -> IrRef {
        ins.snap = self.snapshot(pc, top);
        self.emit(ins)
    }

    /// Record that slot `s` now holds `r`.
    fn set_slot(&mut self, s: u32, r: IrRef) {
        let s = s as usize;
        if self.map.len() <= s {
            self.map.resize(s + 1, IrRef::NONE);
        }
        self.map[s] = r;
        self.max_slot = self.max_slot.max(s as u32 + 1);
        self.current_snap = None;
    }

    fn observed(&self, vm: &VmView, slot: u32) -> Value {
        vm.stack[self.root_base + slot as usize]
    }

    /// Unbox boxed `r` to the type of the observed value `v` (a type guard).
    fn unbox(&mut self, r: IrRef, v: Value, pc: u32, top: u32) -> IrRef {
        let u = self.unbox_ty(r, Ty::of_tag(v.tag()), pc, top);
        // An integer seen small is marked (`imm` 1): `range` may speculate it stays so.
        if let Value::Int(n) = v {
            if small(n) && self.trace.ins[u.index()].op == IrOp::Unbox {
                self.trace.ins[u.index()].imm = 1;
            }
        }
        u
    }

    fn unbox_ty(&mut self, r: IrRef, ty: Ty, pc: u32, top: u32) -> IrRef {
        self.guard(Ins { a: r.0, ..Ins::new(IrOp::Unbox, ty) }, pc, top)
    }

    /// The value in stack slot `s`: from the slot map, or loaded (and unboxed) from memory.
    fn operand(&mut self, vm: &VmView, s: u32, pc: u32, top: u32) -> IrRef {
        if let Some(r) = self.map.get(s as usize).copied().filter(|r| !r.is_none()) {
            return r;
        }
        let load = self.emit(Ins { a: s, ..Ins::new(IrOp::SLoad, Ty::Any) });
        self.unbox(load, self.observed(vm, s), pc, top)
    }

    /// A boxed form of `r`, for stores to memory.
    fn boxed(&mut self, r: IrRef) -> IrRef {
        if self.ty(r) == Ty::Any {
            r
        } else {
            self.op1(IrOp::Box, Ty::Any, r)
        }
    }

    /// The truthiness of `r` as a `bool` IR value (a constant when the type decides it).
    fn truthy(&mut self, r: IrRef) -> IrRef {
        match self.ty(r) {
            Ty::Bool => r,
            Ty::Null => self.kbool(false),
            Ty::Any => self.op1(IrOp::Truthy, Ty::Bool, r),
            _ => self.kbool(true),
        }
    }

    fn frame_base(&self) -> u32 {
        self.frames.last().map_or(0, |f| f.base)
    }

    fn frame_proto(&self) -> u32 {
        self.frames.last().map_or(self.root_proto, |f| f.proto)
    }

    /// Start loading boxed value `load` and unbox it to the type seen at `value`.
    fn load_unboxed(&mut self, load: Ins, value: Value, pc: u32, top: u32) -> IrRef {
        let r = self.emit(load);
        self.unbox(r, value, pc, top)
    }

    /// The address of array `a`'s elements (observed: handle `h`), after a guard that
    /// their kind is the one they have now; and that kind. An indexed access (`Read`,
    /// `Write`: an element at a checked index next) of an array of values or of integers
    /// needs no guard: the JIT table's length word of each fails the other kinds' bounds
    /// check (`vm::array`), hoisted or not — matmul's `b[k][j]` was 11% slower with a
    /// kind check on each row. Packed booleans keep it (their length is in their buffer),
    /// a for-in (`Iterate`: its test reads the length of any kind) too, and so does
    /// every access in a loop that met two kinds (`Trace::kinds_in_body`) — except a read
    /// of an array of values or of integers there, which reads either kind
    /// ([`ELEMS_VALUES_OR_INTS`]): a function summing arrays of both in turn was 32%
    /// slower when integers were first packed, with a side trace for the other kind.
    fn elements(&mut self, vm: &VmView, a: IrRef, h: Ref, access: Access, pc: u32, top: u32) -> (IrRef, usize) {
        let kind = vm.heap.array(h).kind();
        let indexed = access != Access::Iterate;
        // Kinds whose length word fails the other kinds' bounds checks.
        let checked_by_length = kind == kind::VALUES || kind == kind::INTS;
        if access != Access::Write && self.trace.kinds_in_body && checked_by_length {
            // An indexed read's bounds check fails for booleans; a for-in's test reads any
            // kind's length, so it checks.
            if !indexed {
                self.guard(Ins { a: a.0, imm: ELEMS_VALUES_OR_INTS, ..Ins::new(IrOp::GuardKind, Ty::Void) }, pc, top);
            }
            return (self.op1(IrOp::APtr, Ty::Int, a), ELEMS_VALUES_OR_INTS as usize);
        }
        if self.trace.kinds_in_body || !(indexed && checked_by_length) {
            self.guard(Ins { a: a.0, imm: kind as i64, ..Ins::new(IrOp::GuardKind, Ty::Void) }, pc, top);
        }
        (self.op1(IrOp::APtr, Ty::Int, a), kind)
    }

    /// The length of array `a`, whose elements are of `kind` (after `elements`' guard).
    /// `op1(ALen)`, with `imm` 0, reads either kind's length instead: for `len` and a
    /// for-in's test, which then need no kind check.
    fn alen(&mut self, a: IrRef, kind: usize) -> IrRef {
        let imm = if kind == kind::VALUES { ALEN_VALUES } else { kind as i64 };
        self.emit(Ins { a: a.0, imm, ..Ins::new(IrOp::ALen, Ty::Int) })
    }

    /// Element `i` of the elements of `kind` at `ptr` (observed: `elem`), typed: a packed
    /// boolean is a `bool` with no check; any other element is unboxed, with a type guard
    /// for a value and with none for a packed integer (its `Unbox` reads the double at
    /// the `ALoad`'s address, which is the integer).
    fn element(&mut self, ptr: IrRef, i: IrRef, kind: usize, elem: Value, pc: u32, top: u32) -> IrRef {
        if kind == kind::BOOLS {
            return self.emit(Ins { a: ptr.0, b: i.0, imm: kind as i64, ..Ins::new(IrOp::ALoad, Ty::Bool) });
        }
        self.load_unboxed(Ins { a: ptr.0, b: i.0, imm: kind as i64, ..Ins::new(IrOp::ALoad, Ty::Any) }, elem, pc, top)
    }

    // ------------------------------------------------------------------ recording

    /// A recorder for a *side trace*: it starts where exit `snap` of a parent trace left
    /// (with every value in memory, as the exit wrote it back) and ends at the loop head.
    pub fn new_side(root_proto: u32, header_pc: u32, root_base: usize, header_top: u32, snap: &Snapshot, program: &Program) -> Recorder {
        let mut r = Recorder::new(root_proto, header_pc, root_base, header_top);
        // No budget check of its own: the parent checks at the loop head.
        r.trace.ins.clear();
        r.trace.snaps.clear();
        r.calls = snap.calls;
        r.loops = snap.loops;
        r.max_slot = snap.top.max(header_top);
        // The exit state itself is the first snapshot: a guard failing before anything
        // changed leaves exactly where the parent's exit would have.
        let start = Snapshot { pc: snap.pc, frames: snap.frames.clone(), slots: vec![], top: snap.top, globals: vec![], calls: snap.calls, loops: snap.loops };
        r.trace.snaps.push(start);
        r.current_snap = Some(0);
        for f in &snap.frames {
            let load = r.emit(Ins { a: f.base - 1, ..Ins::new(IrOp::SLoad, Ty::Any) });
            let closure = r.emit(Ins { a: load.0, snap: 0, ..Ins::new(IrOp::Unbox, Ty::Fn) });
            r.frames.push(RecFrame { base: f.base, proto: f.proto, closure, return_pc: f.return_pc });
            let size = program.protos[f.proto as usize].frame_size() as u32;
            r.max_slot = r.max_slot.max(f.base + size);
        }
        r
    }

    /// A recorder for a *function trace* of `proto`, starting at its first instruction
    /// in the frame just pushed at `root_base` (stack height `top`, its locals).
    pub fn new_function(proto: u32, root_base: usize, top: u32) -> Recorder {
        let mut r = Recorder::new(proto, 0, root_base, top);
        // Function traces check their budget on entry, in generated code.
        r.trace.ins.clear();
        r.trace.snaps.clear();
        r.current_snap = None;
        r.function = true;
        r.trace.function = true;
        r
    }

    /// Whether instructions are being skipped (an inner loop or a recursive call runs):
    /// [`Recorder::record`] does not look at `inner` then.
    pub fn skipping(&self) -> bool {
        self.skipping.is_some()
    }

    /// The frame depth of the recorded level while the recorder skips a recursive call
    /// the function trace makes of itself (`CallSelf`): what the interpreter runs
    /// deeper than that, the recorder need not see.
    pub fn skipped_call_depth(&self) -> Option<usize> {
        self.skipping.filter(|&(_, _, _, call)| self.trace.ins[call].op == IrOp::CallSelf).map(|(depth, ..)| depth)
    }

    /// Whether the interpreter is running an inner loop the trace calls through its own
    /// trace (`CallTrace`), at frame depth `depth`: that trace may run it.
    pub fn running_inner_loop(&self, depth: usize) -> bool {
        self.skipping.is_some_and(|(at_depth, _, _, call)| at_depth == depth && self.trace.ins[call].op == IrOp::CallTrace)
    }

    /// Steps this iteration has taken so far (the back-edge not counted).
    pub fn calls(&self) -> u32 {
        self.calls
    }

    /// Back-edges of enclosing loops gone round in this iteration so far.
    pub fn loops(&self) -> u32 {
        self.loops
    }

    /// Loop iterations a closed path counts: the root loop's back-edge, or those of the
    /// enclosing loops it went round instead.
    pub fn iterations(&self) -> u32 {
        self.loops.max(1)
    }

    /// Steps a closed path took: its calls and its [`Recorder::iterations`].
    pub fn steps(&self) -> u32 {
        self.calls + self.iterations()
    }

    /// Record the instruction at `pc` (not yet executed); `sp` is the interpreter's
    /// absolute stack pointer.
    ///
    /// `depth` is the interpreter's frame depth; `inner` is set when `pc` is the head of
    /// another loop that has a compiled trace.
    pub fn record(&mut self, vm: &VmView, pc: usize, sp: usize, depth: usize, inner: Option<InnerLoop>) -> Step {
        self.instructions += 1;
        if self.instructions == 1 && self.side_of.is_none() && !self.function {
            // (Side traces go by their root's: `Gen::store` asks the root.)
            let proto = &vm.program.protos[self.root_proto as usize];
            let mut dead = crate::bytecode::liveness::dead_locals_at(proto, self.header_pc as usize);
            dead.retain(|&s| s < self.header_top);
            self.trace.dead_at_head = dead;
            let slots = vm.stack.get(self.root_base..self.root_base + self.header_top as usize).unwrap_or(&[]);
            self.start_tags = Some((slots.iter().map(|v| v.tag()).collect(), vm.globals.iter().map(|v| v.tag()).collect()));
        }
        if self.trace.ins.len() > MAX_TRACE_LEN {
            return Step::Abort("trace too long".into());
        }
        self.depth = depth;
        if let Some(test) = self.inner_test {
            if depth == test.depth && pc == test.body_pc {
                // The test held: the inner loop runs, through its trace, entered at its head.
                let call = self.guard(Ins { a: test.frame, imm: i64::from(test.inner.trace), ..Ins::new(IrOp::CallTrace, Ty::Void) }, test.inner.header_pc as u32, test.top);
                self.inner_test = None;
                self.skipping = Some((depth, test.inner.header_pc, test.inner.loop_pc, call.index()));
                return Step::Continue;
            }
            if depth != test.depth || !(test.inner.header_pc..=test.jump_pc).contains(&pc) {
                // The test failed: the loop ran no iteration.
                self.inner_test = None;
            }
        }
        if let Some((at_depth, from, to, call)) = self.skipping {
            if depth > at_depth || (depth == at_depth && (from..=to).contains(&pc)) {
                return Step::Continue;
            }
            if depth < at_depth {
                return Step::Abort("returned from within an inner loop".into());
            }
            self.skipping = None;
            self.current_snap = None;
            if self.trace.ins[call].op == IrOp::CallSelf {
                // The recursive call returned: its result is in memory in the callee slot;
                // it could not touch the slots below.
                self.map.truncate(self.trace.ins[call].a as usize);
            } else {
                // The inner loop is done: everything it changed is in memory, and the
                // trace continues here when the inner trace leaves to this pc.
                self.trace.ins[call].b = pc as u32;
                self.map.clear();
                self.stored_globals.clear();
            }
        } else if self.loops > 0 && self.frames.is_empty() && pc as u32 == self.header_pc {
            // Back at the root loop's head, entered from above after going round an
            // enclosing loop (this side path or the one it branches from did): the side path
            // links back to the loop as it does at the back-edge.
            if (sp - self.root_base) as u32 != self.header_top {
                return Step::Abort("loop head reached with a different stack height".into());
            }
            self.close_iteration();
            return Step::Closed;
        } else if let Some(inner) = inner {
            if self.function {
                // A function trace runs no loop: its code keeps no iteration count, step
                // count or scratch area for an inner loop's trace (a review's generated
                // programs made it call one, and the generated code threw).
                return Step::Abort("an inner loop in a function trace".into());
            }
            // Not this loop, nor one around it (whose head a side path round it reaches).
            let this_loop = self.frames.is_empty() && pc as u32 == self.header_pc;
            let encloses = self.frames.is_empty() && inner.header_pc < self.header_pc as usize && inner.loop_pc > self.header_pc as usize;
            if !(this_loop || encloses) {
                if self.loops > 0 {
                    // Round the enclosing loop, a sibling of this loop: its trace's own path
                    // round the enclosing loop could call this one's, and so on without end
                    // (a JS recursion whose scratch cells run past the scratch area).
                    return Step::Abort("a path round the enclosing loop would call a sibling loop's trace".into());
                }
                let top = (sp - self.root_base) as u32;
                let frame = self.frame_base();
                let code = &vm.program.protos[self.frame_proto() as usize].code;
                if let Some((jump_pc, body_pc)) = pure_loop_test(code, inner) {
                    // Record the test first; the call comes when it holds.
                    self.inner_test = Some(InnerTest { inner, depth, frame, top, jump_pc, body_pc, snap: None });
                    self.current_snap = None;
                } else {
                    let call = self.guard(Ins { a: frame, imm: i64::from(inner.trace), ..Ins::new(IrOp::CallTrace, Ty::Void) }, pc as u32, top);
                    self.skipping = Some((depth, inner.header_pc, inner.loop_pc, call.index()));
                    return Step::Continue;
                }
            }
        }
        let proto = &vm.program.protos[self.frame_proto() as usize];
        let Some(instr) = Instr::decode(&proto.code, pc) else { return Step::Abort("bad instruction".into()) };
        let top = (sp - self.root_base) as u32;
        match self.instruction(vm, instr, top) {
            Ok(step) => step,
            Err(reason) => Step::Abort(reason),
        }
    }

    fn instruction(&mut self, vm: &VmView, instr: Instr, top: u32) -> Result<Step, String> {
        let pc = instr.pc as u32;
        let base = self.frame_base();
        let arg = instr.args;
        if self.function {
            // Function traces are abandoned and re-run by the interpreter when they exit
            // from deep inside: they may not have effects that the re-run would repeat.
            match instr.op {
                Op::SetGlobal | Op::SetCell | Op::SetFree | Op::SetIndex | Op::MakeCell => return abort("side effect in a function trace"),
                Op::SetLocal if self.frames.is_empty() && (arg[0] as usize) < vm.program.protos[self.root_proto as usize].arity() => {
                    return abort("assignment to a parameter in a function trace");
                }
                _ => {}
            }
        }
        match instr.op {
            Op::Const => {
                let r = match vm.consts[arg[0] as usize] {
                    Value::Int(n) if n.unsigned_abs() > (1 << 53) - 1 => return abort("integer constant beyond 2^53"),
                    Value::Int(n) => self.kint(n),
                    Value::Str(h) => self.emit(Ins { imm: h.0 as i64, ..Ins::new(IrOp::KRef, Ty::Str) }),
                    _ => return abort("unexpected constant"),
                };
                self.set_slot(top, r);
            }
            Op::Null => {
                let r = self.emit(Ins::new(IrOp::KNull, Ty::Null));
                self.set_slot(top, r);
            }
            Op::True | Op::False => {
                let r = self.kbool(instr.op == Op::True);
                self.set_slot(top, r);
            }
            Op::Pop => {}
            Op::Dup2 => {
                let (a, b) = (self.operand(vm, top - 2, pc, top), self.operand(vm, top - 1, pc, top));
                self.set_slot(top, a);
                self.set_slot(top + 1, b);
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Eq | Op::NotEq | Op::Lt | Op::Gt | Op::LtEq | Op::GtEq => {
                let (va, vb) = (self.observed(vm, top - 2), self.observed(vm, top - 1));
                let a = self.operand(vm, top - 2, pc, top);
                let b = self.operand(vm, top - 1, pc, top);
                let r = self.binary(instr.op, a, b, va, vb, pc, top)?;
                self.set_slot(top - 2, r);
            }
            Op::Neg => {
                let Value::Int(_) = self.observed(vm, top - 1) else { return abort("negation of a non-integer") };
                let a = self.operand(vm, top - 1, pc, top);
                let r = self.op1(IrOp::Neg, Ty::Int, a);
                self.set_slot(top - 1, r);
            }
            Op::Not | Op::ToBool => {
                let a = self.operand(vm, top - 1, pc, top);
                let mut r = self.truthy(a);
                if instr.op == Op::Not {
                    r = self.op1(IrOp::Not, Ty::Bool, r);
                }
                self.set_slot(top - 1, r);
            }
            Op::Jump => {}
            Op::JumpIfFalse => {
                let taken = !self.observed(vm, top - 1).truthy();
                let a = self.operand(vm, top - 1, pc, top);
                let cond = self.truthy(a);
                let op = if taken { IrOp::GuardFalse } else { IrOp::GuardTrue };
                self.guard(Ins { a: cond.0, ..Ins::new(op, Ty::Void) }, pc, top);
            }
            Op::Loop => {
                if self.frames.is_empty() && arg[0] == self.header_pc && (self.side_of.is_none() || !self.function) {
                    self.loop_pc = pc;
                    self.close_iteration();
                    if self.side_of.is_none() {
                        self.adopt(vm, pc as usize);
                    }
                    return Ok(Step::Closed);
                }
                if self.may_cross_outer && !self.function && self.frames.is_empty() && arg[0] < self.header_pc && pc > self.header_pc {
                    if self.crossed_outer {
                        return abort("side path goes round the enclosing loop twice");
                    }
                    // The back-edge of a loop around the root loop (its head comes first, its
                    // back-edge after the root loop's exit): a side path from the root loop's
                    // exit goes on round it, and closes at the root loop's head (LuaJIT
                    // links the outer loop's path to the inner loop's trace the same way).
                    // The outer loop then never leaves the trace: it runs as a side path of
                    // its inner loop, with every value in JS variables, where calling the
                    // inner loop's trace from the outer loop's costs a call and a write-back
                    // and reload of the state each outer iteration. Once only: a path round
                    // the outer loop that does not come back to the root loop aborts.
                    self.crossed_outer = true;
                    // A step and a loop iteration: exits from here on charge it.
                    self.loops += 1;
                    self.current_snap = None;
                    return Ok(Step::Continue);
                }
                return abort("inner loop");
            }
            Op::GetGlobal => {
                let g = arg[0];
                let r = self.load_unboxed(Ins { a: g, ..Ins::new(IrOp::GLoad, Ty::Any) }, vm.globals[g as usize], pc, top);
                self.set_slot(top, r);
            }
            Op::SetGlobal => {
                let v = self.operand(vm, top - 1, pc, top);
                let boxed = self.boxed(v);
                self.emit(Ins { a: arg[0], b: boxed.0, ..Ins::new(IrOp::GStore, Ty::Void) });
                self.stored_globals.retain(|(g, _)| *g != arg[0]);
                self.stored_globals.push((arg[0], v));
                self.current_snap = None;
            }
            Op::GetLocal => {
                let s = base + arg[0];
                let r = self.load_unboxed(Ins { a: s, ..Ins::new(IrOp::SLoad, Ty::Any) }, self.observed(vm, s), pc, top);
                self.set_slot(top, r);
            }
            Op::SetLocal => {
                let s = base + arg[0];
                let v = self.operand(vm, top - 1, pc, top);
                let boxed = self.boxed(v);
                self.emit(Ins { a: s, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                self.set_slot(s, v);
            }
            Op::GetCell | Op::SetCell => {
                let s = base + arg[0];
                let Value::Cell(cell_handle) = self.observed(vm, s) else { return abort("captured local before its let") };
                let cell = self.load_unboxed(Ins { a: s, ..Ins::new(IrOp::SLoad, Ty::Any) }, self.observed(vm, s), pc, top);
                self.cell_access(vm, instr.op == Op::GetCell, cell, vm.heap.cell(cell_handle), pc, top);
            }
            Op::GetFree | Op::SetFree => {
                let closure = match self.frames.last() {
                    Some(f) => f.closure,
                    None => self.emit(Ins::new(IrOp::RootFn, Ty::Fn)),
                };
                let cell = self.emit(Ins { a: closure.0, imm: i64::from(arg[0]), ..Ins::new(IrOp::Free, Ty::Cell) });
                let closure_handle = match self.frames.last() {
                    Some(f) => self.frames_closure_handle(vm, f.base),
                    None => self.root_closure_handle(vm),
                };
                let Some(h) = closure_handle else { return abort("no closure") };
                let cell_handle = vm.heap.closure(h).free[arg[0] as usize];
                self.cell_access(vm, instr.op == Op::GetFree, cell, vm.heap.cell(cell_handle), pc, top);
            }
            Op::GetBuiltin => {
                let r = self.emit(Ins { imm: i64::from(arg[0]), ..Ins::new(IrOp::KBuiltin, Ty::Builtin) });
                self.set_slot(top, r);
            }
            Op::Call => return self.call(vm, instr, top),
            Op::Return if self.function && self.frames.is_empty() => {
                let result = self.operand(vm, top - 1, pc, top);
                // `imm`: steps of the calls inlined on this path; recursive calls count themselves.
                self.emit(Ins { a: result.0, imm: i64::from(self.calls), ..Ins::new(IrOp::Ret, Ty::Void) });
                return Ok(Step::Closed);
            }
            Op::Return => {
                let Some(frame) = self.frames.pop() else { return abort("return from the loop's function") };
                let result = self.operand(vm, top - 1, pc, top);
                self.map.truncate(frame.base as usize - 1);
                self.set_slot(frame.base - 1, result);
            }
            Op::Index => {
                let (container, index) = (self.observed(vm, top - 2), self.observed(vm, top - 1));
                let c = self.operand(vm, top - 2, pc, top);
                let i = self.operand(vm, top - 1, pc, top);
                let r = match (container, index) {
                    (Value::Array(h), Value::Int(n)) => {
                        let Some(elem) = usize::try_from(n).ok().and_then(|n| vm.heap.array(h).get(n)) else {
                            return abort("array read out of range");
                        };
                        let (ptr, kind) = self.elements(vm, c, h, Access::Read, pc, top);
                        let len = self.alen(c, kind);
                        self.guard(Ins { a: i.0, b: len.0, ..Ins::new(IrOp::GuardIndex, Ty::Void) }, pc, top);
                        self.element(ptr, i, kind, elem, pc, top)
                    }
                    (Value::Hash(h), key) => {
                        let Ok(k) = crate::vm::ops::hash_key(vm.heap, key) else { return abort("unusable hash key") };
                        let found = vm.heap.hash(h).get(&k).copied().unwrap_or(Value::Null);
                        let key = self.boxed(i);
                        let load = Ins { a: c.0, b: key.0, ..Ins::new(IrOp::HLoad, Ty::Any) };
                        let load = Ins { snap: self.snapshot(pc, top), ..load };
                        let r = self.emit(load);
                        // The value's type is checked after the `Index`, the boxed value on
                        // the stack: a side trace for another type (a key that is missing,
                        // null) goes on from there, instead of looking the key up again.
                        self.set_slot(top - 2, r);
                        self.unbox(r, found, instr.next_pc() as u32, top - 1)
                    }
                    (Value::Str(h), Value::Int(n)) => {
                        let hit = usize::try_from(n).ok().and_then(|n| vm.heap.str(h).char_at(n)).is_some();
                        let load = self.op2(IrOp::SIndex, Ty::Any, c, i);
                        self.unbox_ty(load, if hit { Ty::Str } else { Ty::Null }, pc, top)
                    }
                    _ => return abort("index of this type"),
                };
                self.set_slot(top - 2, r);
            }
            Op::SetIndex => {
                let (container, index) = (self.observed(vm, top - 3), self.observed(vm, top - 2));
                let c = self.operand(vm, top - 3, pc, top);
                let i = self.operand(vm, top - 2, pc, top);
                let v = self.operand(vm, top - 1, pc, top);
                match (container, index) {
                    (Value::Array(h), Value::Int(n)) => {
                        if usize::try_from(n).ok().is_none_or(|n| n >= vm.heap.array(h).len()) {
                            return abort("array write out of range");
                        }
                        if !vm.heap.array(h).holds(self.observed(vm, top - 1)) {
                            // The interpreter unpacks the array; a trace never does.
                            return abort("a store that unpacks an array");
                        }
                        // A packed array stores its kind's values, typed.
                        let packed = match vm.heap.array(h).kind() {
                            kind::BOOLS => Some(Ty::Bool),
                            kind::INTS => Some(Ty::Int),
                            _ => None,
                        };
                        let (ptr, kind) = self.elements(vm, c, h, Access::Write, pc, top);
                        let len = self.alen(c, kind);
                        self.guard(Ins { a: i.0, b: len.0, ..Ins::new(IrOp::GuardIndex, Ty::Void) }, pc, top);
                        let stored = match packed {
                            None => self.boxed(v),
                            Some(ty) if self.ty(v) == ty => v,
                            Some(ty) => self.unbox_ty(v, ty, pc, top),
                        };
                        self.emit(Ins { a: ptr.0, b: i.0, c: stored.0, imm: kind as i64, ..Ins::new(IrOp::AStore, Ty::Void) });
                    }
                    (Value::Hash(_), key) => {
                        if crate::vm::ops::hash_key(vm.heap, key).is_err() {
                            return abort("unusable hash key");
                        }
                        let (key, value) = (self.boxed(i), self.boxed(v));
                        self.guard(Ins { a: c.0, b: key.0, c: value.0, ..Ins::new(IrOp::HStore, Ty::Void) }, pc, top);
                    }
                    _ => return abort("index assignment to this type"),
                }
            }
            Op::IterNext => {
                let (coll, cursor) = (base + arg[0], base + arg[1]);
                let Value::Int(at) = self.observed(vm, cursor) else { return abort("for-in over a value that is neither array nor string") };
                let collection = self.observed(vm, coll);
                match collection {
                    // The cursor is a byte offset (`ops::next_char`): in an ASCII string, also
                    // a character's index, which is what a trace reads by (`SIndex`, a helper
                    // call: slower than the interpreter's own loop unless `opt::jstr` makes
                    // the loop's strings JS strings, which it does where characters are
                    // joined by `+` or `==`).
                    Value::Str(h) if !vm.heap.str(h).is_ascii() => return abort("for-in over a string that is not ASCII"),
                    Value::Str(h) if usize::try_from(at).ok().and_then(|at| vm.heap.str(h).char_at(at)).is_none() => return abort("loop exit"),
                    Value::Array(h) if vm.heap.array(h).get(at as usize).is_none() => return abort("loop exit"),
                    Value::Str(_) | Value::Array(_) => {}
                    _ => return abort("for-in over a value that is neither array nor string"),
                }
                let c = self.load_unboxed(Ins { a: coll, ..Ins::new(IrOp::SLoad, Ty::Any) }, collection, pc, top);
                let cur = self.load_unboxed(Ins { a: cursor, ..Ins::new(IrOp::SLoad, Ty::Any) }, Value::Int(at), pc, top);
                let len = if let Value::Str(_) = collection {
                    let bytes = self.op1(IrOp::SBytes, Ty::Int, c);
                    let chars = self.op1(IrOp::SLen, Ty::Int, c);
                    let ascii = self.op2(IrOp::Eq, Ty::Bool, bytes, chars);
                    self.guard(Ins { a: ascii.0, ..Ins::new(IrOp::GuardTrue, Ty::Void) }, pc, top);
                    bytes
                } else {
                    self.op1(IrOp::ALen, Ty::Int, c)
                };
                let more = self.op2(IrOp::Lt, Ty::Bool, cur, len);
                // The loop's own exit gets a snapshot no other guard shares (the budget check
                // at this head before it, the element's type check after it): a trace that
                // calls this loop's trace goes on after the loop when it leaves by this
                // exit, and must not when it leaves by those (`tier::inner_exits`).
                self.current_snap = None;
                self.guard(Ins { a: more.0, ..Ins::new(IrOp::GuardTrue, Ty::Void) }, pc, top);
                self.current_snap = None;
                let value = match collection {
                    Value::Array(h) => {
                        // The kind is checked after the loop's test, at an exit of its own: in
                        // a loop over arrays of both kinds a side trace takes the other kind
                        // from there.
                        let elem = vm.heap.array(h).get(at as usize).unwrap_or(Value::Null);
                        let (ptr, kind) = self.elements(vm, c, h, Access::Iterate, pc, top);
                        self.element(ptr, cur, kind, elem, pc, top)
                    }
                    _ => {
                        let load = self.op2(IrOp::SIndex, Ty::Any, c, cur);
                        self.unbox_ty(load, Ty::Str, pc, top)
                    }
                };
                let one = self.kint(1);
                let next = self.guard(Ins { a: cur.0, b: one.0, ..Ins::new(IrOp::Add, Ty::Int) }, pc, top);
                let boxed = self.boxed(next);
                self.emit(Ins { a: cursor, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                self.set_slot(cursor, next);
                self.set_slot(top, value);
            }
            Op::MakeCell => return abort("new binding of a captured variable"),
            Op::Closure => return abort("closure creation"),
            Op::Array | Op::Hash | Op::CheckKey => return abort("container literal"),
            Op::IterInit => {
                // An inner for-in loop starts: keep its collection and a zero cursor.
                let (coll, cursor) = (base + arg[0], base + arg[1]);
                let iterable = self.observed(vm, top - 1);
                if !matches!(iterable, Value::Array(_) | Value::Str(_)) {
                    return abort("for-in over a value that is neither array nor string");
                }
                let v = self.operand(vm, top - 1, pc, top);
                let boxed = self.boxed(v);
                self.emit(Ins { a: coll, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                self.set_slot(coll, v);
                let zero = self.kint(0);
                let boxed = self.boxed(zero);
                self.emit(Ins { a: cursor, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                self.set_slot(cursor, zero);
            }
            Op::RangeCheck => {
                // Both bounds are integers: their `Unbox` guards (emitted when they are used
                // as typed values) are the check.
                for s in [top - 2, top - 1] {
                    let Value::Int(_) = self.observed(vm, s) else { return abort("range of non-integers") };
                    let r = self.operand(vm, s, pc, top);
                    self.set_slot(s, r);
                }
            }
        }
        Ok(Step::Continue)
    }

    fn root_closure_handle(&self, vm: &VmView) -> Option<crate::vm::value::Ref> {
        match vm.stack.get(self.root_base.checked_sub(1)?)? {
            Value::Closure(h) => Some(*h),
            _ => None,
        }
    }

    fn frames_closure_handle(&self, vm: &VmView, base: u32) -> Option<crate::vm::value::Ref> {
        match self.observed(vm, base - 1) {
            Value::Closure(h) => Some(h),
            _ => None,
        }
    }

    /// Read (push) or write (pop into) the cell `cell`, whose current content is `content`.
    fn cell_access(&mut self, vm: &VmView, read: bool, cell: IrRef, content: Value, pc: u32, top: u32) {
        let cell = self.op1(IrOp::CAddr, Ty::Int, cell);
        if read {
            let r = self.load_unboxed(Ins { a: cell.0, ..Ins::new(IrOp::CLoad, Ty::Any) }, content, pc, top);
            self.set_slot(top, r);
        } else {
            let v = self.operand(vm, top - 1, pc, top);
            let boxed = self.boxed(v);
            self.op2(IrOp::CStore, Ty::Void, cell, boxed);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn binary(&mut self, op: Op, a: IrRef, b: IrRef, va: Value, vb: Value, pc: u32, top: u32) -> Result<IrRef, String> {
        let guarded = |s: &mut Self, irop: IrOp, ty: Ty| s.guard(Ins { a: a.0, b: b.0, ..Ins::new(irop, ty) }, pc, top);
        Ok(match (va, vb) {
            (Value::Int(x), Value::Int(y)) => match op {
                Op::Add => guarded(self, IrOp::Add, Ty::Int),
                Op::Sub => guarded(self, IrOp::Sub, Ty::Int),
                Op::Mul => guarded(self, IrOp::Mul, Ty::Int),
                Op::Div | Op::Mod if y == 0 => return abort("division by zero"),
                // `imm` 1: an operand was seen outside int32 (for `Div`, or a divisor of -1,
                // where the int32 quotient of -2^31 overflows). Otherwise the operation is
                // done in int32 (JS `%`, `(x / y) | 0`), its guard also leaving when an
                // operand is outside int32; with `imm` 1 in doubles (`Math.trunc`; `%`
                // through the quotient, as V8 calls fmod for a `%` of such doubles).
                Op::Div | Op::Mod => {
                    let r = guarded(self, if op == Op::Div { IrOp::Div } else { IrOp::Mod }, Ty::Int);
                    if i32::try_from(x).is_err() || i32::try_from(y).is_err() || (op == Op::Div && y == -1) {
                        self.trace.ins[r.index()].imm = 1;
                    }
                    r
                }
                _ => self.op2(compare_op(op), Ty::Bool, a, b),
            },
            (Value::Str(_), Value::Str(_)) => match op {
                Op::Add => guarded(self, IrOp::StrCat, Ty::Str),
                Op::Eq => self.op2(IrOp::StrEq, Ty::Bool, a, b),
                Op::NotEq => {
                    let eq = self.op2(IrOp::StrEq, Ty::Bool, a, b);
                    self.op1(IrOp::Not, Ty::Bool, eq)
                }
                Op::Lt | Op::LtEq | Op::Gt | Op::GtEq => {
                    let imm = match op {
                        Op::Lt => 0,
                        Op::LtEq => 1,
                        Op::Gt => 2,
                        _ => 3,
                    };
                    self.emit(Ins { a: a.0, b: b.0, imm, ..Ins::new(IrOp::StrCmp, Ty::Bool) })
                }
                _ => return abort("string operator error"),
            },
            _ if matches!(op, Op::Eq | Op::NotEq) => {
                let same = if va.tag() == vb.tag() {
                    self.op2(IrOp::Eq, Ty::Bool, a, b)
                } else {
                    // Types are guarded already, so values of different types are never equal.
                    self.kbool(false)
                };
                if op == Op::Eq {
                    same
                } else {
                    self.op1(IrOp::Not, Ty::Bool, same)
                }
            }
            _ => return abort(format!("{} on {} and {}", op.name(), va.type_name(), vb.type_name())),
        })
    }

    fn call(&mut self, vm: &VmView, instr: Instr, top: u32) -> Result<Step, String> {
        let pc = instr.pc as u32;
        let argc = instr.args[0];
        let callee_slot = top - 1 - argc;
        match self.observed(vm, callee_slot) {
            Value::Closure(h) => {
                let proto_index = vm.heap.closure(h).proto;
                let target = &vm.program.protos[proto_index as usize];
                if target.arity() != argc as usize {
                    return abort("call with the wrong number of arguments");
                }
                if self.frames.len() >= MAX_INLINE_DEPTH {
                    return abort("inlining too deep");
                }
                if self.function && proto_index == self.root_proto && self.frames.is_empty() {
                    // Recursion in a function trace: store callee and arguments where the
                    // interpreter keeps them and call the trace itself.
                    let callee = self.operand(vm, callee_slot, pc, top);
                    self.guard(Ins { a: callee.0, b: h.0, imm: i64::from(proto_index), ..Ins::new(IrOp::GuardProto, Ty::Void) }, pc, top);
                    for s in callee_slot..top {
                        let r = self.operand(vm, s, pc, top);
                        let boxed = self.boxed(r);
                        self.emit(Ins { a: s, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                    }
                    let call = self.emit(Ins { a: callee_slot, ..Ins::new(IrOp::CallSelf, Ty::Void) });
                    // Skip the interpreter's run of the call until it returns to this depth.
                    self.skipping = Some((self.depth, 1, 0, call.index()));
                    return Ok(Step::Continue);
                }
                if proto_index == self.root_proto || self.frames.iter().any(|f| f.proto == proto_index) {
                    return abort("recursive call");
                }
                let callee = self.operand(vm, callee_slot, pc, top);
                self.guard(Ins { a: callee.0, b: h.0, imm: i64::from(proto_index), ..Ins::new(IrOp::GuardProto, Ty::Void) }, pc, top);
                // Arguments become the callee's first locals where they are; the other
                // locals start as null, as the interpreter makes them.
                // (Stored like `SetLocal` stores, so the callee's loads see them; `fwd` and
                // `sink` remove the memory traffic.)
                let base = callee_slot + 1;
                for s in base..top {
                    let r = self.operand(vm, s, pc, top);
                    let boxed = self.boxed(r);
                    self.emit(Ins { a: s, b: boxed.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                    self.set_slot(s, r);
                }
                for local in argc..u32::from(target.num_locals) {
                    let null = self.emit(Ins::new(IrOp::KNull, Ty::Null));
                    self.emit(Ins { a: base + local, b: null.0, ..Ins::new(IrOp::SStore, Ty::Void) });
                    self.set_slot(base + local, null);
                }
                self.calls += 1;
                self.frames.push(RecFrame { base, proto: proto_index, closure: callee, return_pc: instr.next_pc() as u32 });
                self.max_slot = self.max_slot.max(base + target.frame_size() as u32);
                self.current_snap = None;
            }
            Value::Builtin(b) => {
                // Which builtin is checked, as a closure's function is: a variable that
                // held `len` when recorded may hold `str` later (a bug hunt found the
                // trace still running `len`). A builtin named in the call is a constant,
                // and `guard` drops the check.
                let callee = self.operand(vm, callee_slot, pc, top);
                self.guard(Ins { a: callee.0, imm: b as i64, ..Ins::new(IrOp::GuardRef, Ty::Void) }, pc, top);
                let arg = |s: &Self, i: u32| s.observed(vm, callee_slot + 1 + i);
                let result = match (b, argc) {
                    (Builtin::Len, 1) => {
                        let x = self.operand(vm, callee_slot + 1, pc, top);
                        match arg(self, 0) {
                            Value::Str(_) => self.op1(IrOp::SLen, Ty::Int, x),
                            Value::Array(_) => self.op1(IrOp::ALen, Ty::Int, x),
                            _ => return abort("len of this type"),
                        }
                    }
                    (Builtin::Push, 2) => {
                        let Value::Array(_) = arg(self, 0) else { return abort("push onto a non-array") };
                        let a = self.operand(vm, callee_slot + 1, pc, top);
                        let v = self.operand(vm, callee_slot + 2, pc, top);
                        let v = self.boxed(v);
                        // Guarded: when the allocator has no room, the interpreter repeats
                        // the call and raises `out of memory`.
                        self.guard(Ins { a: a.0, b: v.0, ..Ins::new(IrOp::Push, Ty::Arr) }, pc, top)
                    }
                    (Builtin::Str, 1) => {
                        if matches!(arg(self, 0), Value::Array(_) | Value::Hash(_) | Value::Closure(_)) {
                            return abort("str of a container or function");
                        }
                        let x = self.operand(vm, callee_slot + 1, pc, top);
                        let x = self.boxed(x);
                        self.op1(IrOp::ToStr, Ty::Str, x)
                    }
                    _ => return abort(format!("builtin {}", b.name())),
                };
                self.calls += 1;
                self.set_slot(callee_slot, result);
            }
            _ => return abort("call of a non-function"),
        }
        Ok(Step::Continue)
    }

    /// A root loop trace closes at `loop_pc`: every local and global the loop's bytecode
    /// stores to (on any path, not only the recorded one) that holds a value of the same
    /// type before and after the recorded iteration is *adopted* (`Trace::adopted`): `peel`
    /// loads it at the loop head and carries it in a PHI. The side traces of the other
    /// paths then find it in a JS variable instead of memory; adopting it only when a side
    /// trace first stores to it would cost a re-optimization and recording each side
    /// trace again. Not one iteration's temporaries ([`Trace::temporary`]): a local dead at
    /// the loop head needs no value there, and a type check of one on entry would fail
    /// whenever the loop starts with it unset (quicksort's swap `let t`, null in every new
    /// partition call, made 60k of 90k entries fail).
    fn adopt(&mut self, vm: &VmView, loop_pc: usize) {
        let Some((slot_tags, global_tags)) = self.start_tags.take() else { return };
        let code = &vm.program.protos[self.root_proto as usize].code;
        let mut targets: Vec<Carried> = vec![];
        for ins in crate::bytecode::instructions(code).filter(|i| (self.header_pc as usize..loop_pc).contains(&i.pc)) {
            let loc = match ins.op {
                Op::SetLocal if !self.trace.temporary(Carried::Slot(ins.args[0])) => Carried::Slot(ins.args[0]),
                Op::SetGlobal => Carried::Global(ins.args[0]),
                _ => continue,
            };
            if !targets.contains(&loc) {
                targets.push(loc);
            }
        }
        for loc in targets {
            let (start, now) = match loc {
                Carried::Slot(s) => (slot_tags.get(s as usize), vm.stack.get(self.root_base + s as usize).map(|v| v.tag())),
                Carried::Global(g) => (global_tags.get(g as usize), vm.globals.get(g as usize).map(|v| v.tag())),
            };
            let ty = now.map_or(Ty::Any, Ty::of_tag);
            if start.copied() == now && !matches!(ty, Ty::Any | Ty::Null) {
                self.trace.adopted.push((loc, ty));
                let value = match loc {
                    Carried::Slot(s) => vm.stack.get(self.root_base + s as usize),
                    Carried::Global(g) => vm.globals.get(g as usize),
                };
                if matches!(value, Some(&Value::Int(n)) if small(n)) {
                    self.trace.adopted_small.push(loc);
                }
            }
        }
    }

    /// One iteration's path ends here, at the loop head: its step count is now known.
    fn close_iteration(&mut self) {
        if let Some(first) = self.trace.ins.first_mut().filter(|i| i.op == IrOp::GuardBudget) {
            first.imm = 1 + i64::from(self.calls);
        }
    }

    /// The finished trace (after [`Step::Closed`]).
    pub fn finish(self) -> Trace {
        self.trace
    }
}

fn compare_op(op: Op) -> IrOp {
    match op {
        Op::Lt => IrOp::Lt,
        Op::LtEq => IrOp::Le,
        Op::Gt => IrOp::Gt,
        Op::GtEq => IrOp::Ge,
        Op::Eq => IrOp::Eq,
        _ => IrOp::Ne,
    }
}
