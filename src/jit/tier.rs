//! The trace tier's state for one program run: loop counters, recorded and compiled
//! traces, the policy for aborts and blacklisting, dumps and events.
//!
//! # Policy
//! * A loop is *hot* when its back-edge has been taken `hot_loop` times; the next
//!   iteration is recorded.
//! * A failed recording backs off: the loop must be hot again, twice as long each time;
//!   after [`MAX_ABORTS`] failures the loop is blacklisted and only interpreted.
//! * A compiled trace that keeps leaving before finishing an iteration (on average, after
//!   [`EARLY_EXIT_ENTRIES`] entries) is thrown away, and the loop re-recorded — it was
//!   specialised to types or paths that no longer hold — and blacklisted after
//!   [`MAX_ABORTS`] such rounds. So is a trace that gets no side traces (it calls an
//!   inner loop's trace, so it is not peeled) and keeps leaving by one exit in its body.
//! * A loop exit of a trace whose loop runs fewer than [`CROSS_MAX_TRIP`] iterations per
//!   entry gets a side trace that may go round the enclosing loop and back in; until that
//!   side trace has been tried, the enclosing loop's recording is put off (at most
//!   [`MAX_POSTPONE`] times, not counted as a failure).

use std::fmt::Write;

use super::event::Event;
use super::ir::{Carried, Ins, IrOp, Trace};
use super::opt::{self, PassSet};
use super::record::{InnerLoop, Recorder};
use super::{js, runtime};
use crate::bytecode::Program;
use crate::clock::now_us;
use crate::vm::value::Value;

/// Recording failures (or discarded traces) before a loop is blacklisted.
pub const MAX_ABORTS: u32 = 4;
/// Entries after which a trace that averages less than one iteration is discarded.
pub const EARLY_EXIT_ENTRIES: u64 = 64;
pub use super::js::NESTED_EXIT;

/// Default hot-loop threshold.
pub const DEFAULT_HOT_LOOP: u32 = 50;
/// Default hot-function threshold: recursive calls of a function (from the interpreter)
/// before a function trace is recorded. Measured on `fib(30)`: 10 → 59 ms, 100 → 36 ms (a lower
/// threshold records from a call higher up the recursion, whose subtree then runs in
/// the interpreter while recording, and abandons more runs before the base case's side
/// trace exists).
pub const DEFAULT_HOT_FUNC: u32 = 100;
/// Abandoned runs after which a function trace that abandons most runs is given up.
pub const ABANDON_LIMIT: u64 = 64;
/// Times a loop-body exit must be taken before a side trace is recorded from it.
pub const HOT_EXIT: u64 = 10;
/// A side path from a loop's exit goes on round the enclosing loop and back into the
/// loop's trace (instead of leaving, for the interpreter or the outer loop's trace to call
/// the inner trace again) when the loop runs fewer iterations than this per entry on
/// average. Measured: a call costs 20-35 ns of entry and exit, worth a loop of 4
/// iterations 2.5x; but V8 takes longer to optimize the one bigger function, which cost
/// mandelbrot (hundreds of iterations per point) 2x.
pub const CROSS_MAX_TRIP: u64 = 64;
/// Times a loop's recording is put off at most while an inner loop's trace is about to
/// get a side trace round it (see [`TraceJit::start_recording`]).
pub const MAX_POSTPONE: u8 = 4;
/// Side traces attached to one trace at most.
pub const MAX_SIDE_TRACES: usize = 24;
/// An exit taken this many times since the trace was last compiled that has no side trace
/// yet is *warm*: it is likely to get hot soon. A side trace recorded while another exit of
/// its trace is warm (or being recorded) waits for that one's, so that one compile links
/// both: every version of a trace starts V8's warm-up over (see `TraceJit::finish_side`).
pub const WARM_EXIT: u64 = 3;
/// Exits a trace may take while side traces wait to be compiled; the next one links them.
pub const MAX_WAIT_EXITS: u64 = 4 * HOT_EXIT;
/// Side traces recorded from exits at one bytecode instruction at most. More means the
/// instruction is polymorphic (a call site that sees a new callee most iterations, a
/// value of ever other types): each side trace recompiles the whole loop and the next
/// callee exits again, so past this limit the exit stays an exit, and a trace that then
/// keeps exiting early is blacklisted at once instead of being recorded again.
pub const MAX_SIDES_PER_SITE: usize = 4;

/// What to dump while compiling.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dumps {
    /// The bytecode listing, before the run (written by `api::run`).
    pub bytecode: bool,
    pub ir: bool,
    /// The IR after each optimizer pass that changed it.
    pub passes: bool,
    pub ir_opt: bool,
    pub js: bool,
    /// Template tier: each compiled function's JavaScript.
    pub template: bool,
    /// Native tier: the emitted machine code, disassembled.
    pub native: bool,
}

#[derive(Clone, Copy, Debug)]
enum LoopState {
    /// Counting back-edges down in `TraceJit::countdown`.
    Counting { aborts: u32 },
    Traced { trace: u32, aborts: u32 },
    Blacklisted,
}

/// A side trace compiled into its parent.
pub struct SideTrace {
    /// The parent snapshot it starts from.
    pub exit: u32,
    pub trace: Trace,
    /// The side path as recorded: what it needs of a re-optimized parent ([`SideNeeds`]).
    raw: Trace,
    pub steps: u64,
    pub exit_base: u32,
    /// It was recorded free to go round an enclosing loop; so are its own side traces.
    pub may_cross_outer: bool,
    /// Loop iterations a path through it counts (see [`js::Side::iterations`]).
    pub iterations: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideState {
    None,
    Recording,
    /// Recorded, waiting for the side traces of warm exits ([`WARM_EXIT`]) to be compiled
    /// with them.
    Waiting,
    Linked,
    Failed,
}

/// A compiled trace (a root trace and the side traces compiled into it).
/// Compiled into slot `id` of the JS runtime's trace table (its index in `traces`).
pub struct CompiledTrace {
    pub trace: Trace,
    /// The trace as recorded, to re-optimize when side traces need more carried values.
    raw: Trace,
    pub sides: Vec<SideTrace>,
    side_state: Vec<SideState>,
    /// The instruction (function, pc) of every exit a side trace was recorded from.
    side_sites: Vec<(u32, u32)>,
    /// An exit was refused its side trace by [`MAX_SIDES_PER_SITE`].
    polymorphic: bool,
    /// Parent snapshot that resumes at the loop head with memory current.
    head_exit: u32,
    pub proto: u32,
    pub header_pc: u32,
    /// Highest slot (relative to the root base) the trace may write.
    pub max_slot: u32,
    /// pc of the loop's back-edge.
    pub loop_pc: u32,
    /// How deep traces nest below this one through `CallTrace` (0: it calls none).
    nesting: usize,
    /// Scratch cells the generated code uses.
    scratch_cells: u32,
    pub entries: u64,
    pub iterations: u64,
    /// Entries in a row that failed the checks before the loop (ran no iteration).
    entry_fails: u64,
    /// Times each exit id was taken.
    pub exits: Vec<u64>,
    /// Exits taken since side traces began to wait to be compiled (0: none waits).
    waited: u64,
    /// `exits` when the trace was last compiled: an exit is warm by what it was taken
    /// since (`TraceJit::should_wait`).
    exits_at_link: Vec<u64>,
    loop_key: usize,
}

impl CompiledTrace {
    /// The snapshot exit id `exit` restores (a parent or a side trace snapshot).
    pub fn exit_snapshot(&self, exit: u32) -> Option<&super::ir::Snapshot> {
        if let Some(s) = self.trace.snaps.get(exit as usize) {
            return Some(s);
        }
        let side = self.sides.iter().rev().find(|s| exit >= s.exit_base)?;
        side.trace.snaps.get((exit - side.exit_base) as usize)
    }

    /// The `CallTrace` instruction (of the parent or a side trace) whose snapshot has exit
    /// id `exit`, with that snapshot.
    pub fn call_at_exit(&self, exit: u32) -> Option<(&super::ir::Ins, &super::ir::Snapshot)> {
        let (trace, snap) = if (exit as usize) < self.trace.snaps.len() {
            (&self.trace, exit)
        } else {
            let side = self.sides.iter().rev().find(|s| exit >= s.exit_base)?;
            (&side.trace, exit - side.exit_base)
        };
        let ins = trace.ins.iter().find(|i| i.op == super::ir::IrOp::CallTrace && i.snap == snap)?;
        Some((ins, trace.snaps.get(snap as usize)?))
    }

    /// The parent trace and its side traces.
    fn all_traces(&self) -> impl Iterator<Item = &Trace> {
        std::iter::once(&self.trace).chain(self.sides.iter().map(|s| &s.trace))
    }

    /// Where exit `exit` resumes: the function (innermost inlined frame), pc and line.
    fn exit_position(&self, program: &Program, exit: u32) -> (String, u32, u32) {
        let Some(snap) = self.exit_snapshot(exit) else { return (String::new(), 0, 0) };
        let proto = snap.frames.last().map_or(self.proto, |f| f.proto);
        let p = &program.protos[proto as usize];
        (p.name.clone(), snap.pc, p.pos_at(snap.pc as usize).line)
    }

    fn exit_count(&self) -> u32 {
        self.sides.last().map_or(self.trace.snaps.len(), |s| (s.exit_base as usize) + s.trace.snaps.len()) as u32
    }

    /// The instruction exit `exit` resumes at: (function, pc) of its innermost frame.
    fn exit_site(&self, exit: u32) -> Option<(u32, u32)> {
        let snap = self.exit_snapshot(exit)?;
        Some((snap.frames.last().map_or(self.proto, |f| f.proto), snap.pc))
    }

    /// Whether the loop runs fewer than [`CROSS_MAX_TRIP`] iterations per entry on average
    /// (so far): a side path from its exit may go round the enclosing loop.
    fn short_trips(&self) -> bool {
        !self.trace.function && self.iterations < CROSS_MAX_TRIP * self.entries.max(1)
    }

    /// Whether exit `exit` is the loop's own exit: a root snapshot in the loop's function
    /// at a conditional jump (or `IterNext`) out of the loop's bytecode.
    fn is_loop_exit(&self, program: &Program, exit: u32) -> bool {
        let Some(snap) = self.trace.snaps.get(exit as usize).filter(|s| s.frames.is_empty()) else { return false };
        let code = &program.protos[self.proto as usize].code;
        loop_test_target(code, snap.pc).is_some_and(|target| target < self.header_pc || target > self.loop_pc)
    }

    /// Whether exit `exit` belongs to a guard of the loop body (after `Loop`), or of a
    /// side trace (which runs inside the body): a side trace can be attached there. Not
    /// the budget check's own exit (js.rs never attaches one there), nor that of an
    /// instruction a pass removed (a `Nop` keeps its snapshot number): the loop-head
    /// exit a for-in loop's removed checks shared with the budget check got a side trace
    /// once budget exits became routine (`Trace::max_iterations`), and the step budget
    /// went unchecked (found in review).
    fn in_body(&self, exit: u32) -> bool {
        let guards = |i: &Ins, snap: u32| i.snap == snap && !matches!(i.op, IrOp::GuardBudget | IrOp::Nop);
        if (exit as usize) >= self.trace.snaps.len() {
            let Some(side) = self.sides.iter().rev().find(|s| exit >= s.exit_base) else { return false };
            let snap = exit - side.exit_base;
            return side.trace.ins.iter().any(|i| guards(i, snap) && i.op != IrOp::CallTrace);
        }
        if self.trace.function {
            return self.trace.ins.iter().any(|i| guards(i, exit));
        }
        let Some(at) = self.trace.loop_index() else { return false };
        self.trace.ins[at + 1..].iter().any(|i| guards(i, exit))
    }
}

/// A trace ready to install (see [`TraceJit::install`]).
struct Compiled<'a> {
    id: u32,
    func: String,
    line: u32,
    ir_ins: usize,
    ir_opt_ins: usize,
    js: &'a js::JsTrace,
    started: f64,
}

/// What the interpreter should do at a back-edge or a call.
pub enum Action {
    Nothing,
    Record,
    Enter(u32),
    /// Run the call in the interpreter, not in template code either (a call on the way
    /// down to where a function trace abandoned a call: see [`TraceJit::on_call`]).
    Interpret,
}

/// A function's state in the trace tier.
#[derive(Clone, Copy, Debug)]
enum FuncState {
    Counting { count: u32, threshold: u32, aborts: u32 },
    Traced { trace: u32, entries: u64, abandoned: u64 },
    Blacklisted,
}

/// The trace tier of one run.
pub struct TraceJit {
    pub hot_loop: u32,
    pub hot_func: u32,
    funcs: Vec<FuncState>,
    pub passes: PassSet,
    pub dumps: Dumps,
    /// Text of the requested dumps.
    pub dump_text: String,
    pub events: crate::jit::event::EventLog,
    pub traces: Vec<CompiledTrace>,
    pub recorder: Option<Recorder>,
    /// Scratch cells for boxed temporaries (`X` in generated code).
    pub scratch: Vec<Value>,
    /// `proto → index of its first loop` in `loops`.
    loop_base: Vec<usize>,
    loops: Vec<LoopState>,
    /// Per loop, back-edges left before the trace tier acts on it: recording when it
    /// reaches zero while counting, at once when a trace exists, never (`i32::MAX`) when
    /// blacklisted or while being recorded. Template code decrements the same counters (it
    /// hands the loop to the interpreter when one runs out), so the two tiers agree on
    /// when a loop is hot; hence plain memory with a stable address.
    pub countdown: Vec<i32>,
    /// Set when `new Function` is unavailable: nothing more is compiled.
    pub disabled: bool,
    /// `(proto, loop head pc)` → its compiled trace, for outer traces to call.
    headers: std::collections::HashMap<(u32, u32), u32>,
    /// Per loop, times its recording was put off for an inner loop's trace (see
    /// [`TraceJit::start_recording`]).
    postponed: Vec<u8>,
    /// Per loop: its trace was discarded because its checks before the loop kept failing,
    /// so it meets arrays of both kinds; it is recorded with `Trace::kinds_in_body`.
    kinds_in_body: Vec<bool>,
    pub compile_us: f64,
    /// Bytecode instructions of the recordings that closed (for µs per instruction).
    pub recorded_instructions: u64,
    /// The way down to where a function trace abandoned its call, while the interpreter
    /// retraces it (see [`TraceJit::on_call`]).
    pub descent: Option<Descent>,
    /// Calls of function traces abandoned (and run again by the interpreter).
    pub abandoned_calls: u64,
}

/// The interpreter's way down from a call of `proto` at frame depth `start`, which a
/// function trace abandoned, to `end`, the level that abandoned it.
#[derive(Clone, Copy, Debug)]
pub struct Descent {
    pub proto: u32,
    pub start: usize,
    pub end: usize,
}

impl TraceJit {
    pub fn new(program: &Program, hot_loop: u32, hot_func: u32, passes: PassSet, dumps: Dumps) -> TraceJit {
        let mut loop_base = Vec::with_capacity(program.protos.len());
        let mut total = 0;
        for proto in &program.protos {
            loop_base.push(total);
            total += proto.num_loops as usize;
        }
        let threshold = hot_loop.max(1);
        runtime::init();
        let func_threshold = hot_func.max(1);
        TraceJit {
            hot_loop: threshold,
            hot_func: func_threshold,
            funcs: vec![FuncState::Counting { count: 0, threshold: func_threshold, aborts: 0 }; program.protos.len()],
            passes,
            dumps,
            dump_text: String::new(),
            events: Default::default(),
            traces: vec![],
            recorder: None,
            scratch: vec![],
            loop_base,
            loops: vec![LoopState::Counting { aborts: 0 }; total],
            countdown: vec![threshold.min(i32::MAX as u32) as i32; total],
            disabled: runtime::unavailable(),
            headers: Default::default(),
            postponed: vec![0; total],
            kinds_in_body: vec![false; total],
            compile_us: 0.0,
            recorded_instructions: 0,
            descent: None,
            abandoned_calls: 0,
        }
    }

    /// Compile a new trace's JS into slot `c.id` and report it; `None` (after reporting it,
    /// once) when this host forbids `new Function`, which switches the tier off.
    fn install(&mut self, c: Compiled) -> Option<()> {
        if runtime::unavailable() {
            // The template tier found out first (and reported it).
            self.disabled = true;
            return None;
        }
        if runtime::compile(&c.js.source, c.id).is_none() {
            self.disabled = true;
            runtime::set_unavailable();
            self.events.push(Event::JitUnavailable { reason: crate::api::UNAVAILABLE_REASON.into() });
            return None;
        }
        let compile_us = now_us() - c.started;
        self.compile_us += compile_us;
        self.events.push(Event::TraceCompile {
            trace: c.id,
            func: c.func,
            line: c.line,
            ir_ins: c.ir_ins as u32,
            ir_opt_ins: c.ir_opt_ins as u32,
            js_bytes: c.js.source.len() as u32,
            compile_us,
        });
        Some(())
    }

    /// A closure of `proto` is being called; `recursive` when by a closure of the same
    /// function. Only recursive calls make a function hot: function traces are for
    /// recursion (calls from loops are inlined into the loop's trace), and entering a
    /// trace of a small non-recursive function from the interpreter costs more than
    /// interpreting it. Once traced, every call enters the trace (`depth` is the
    /// callee's frame depth), but for those on the interpreter's way down to the level
    /// where the trace abandoned a call (an exit there, or its recursion limit):
    /// entered, each would be abandoned at that same level again, one level further
    /// down each time, O(depth²) calls for nothing (Ackermann's A(2, 700) took 10x
    /// the interpreter's time). The way down is every call of the function between the
    /// two depths (a small call made before the one that goes deeper, `f(0) + f(n - 1)`,
    /// is on it too); a call at the abandoning level or past it, or at the abandoned
    /// call's depth or above, ends it. The calls on the way down run in the interpreter,
    /// not in template code, which enters no trace: under `auto` the way down would
    /// never reach the abandoning level, where the exit gets its side trace.
    #[inline]
    pub fn on_call(&mut self, proto: u32, recursive: bool, depth: usize) -> Action {
        let disabled = self.disabled || self.recorder.is_some();
        match self.funcs.get_mut(proto as usize) {
            Some(FuncState::Traced { trace, entries, .. }) => {
                if let Some(d) = self.descent.filter(|d| d.proto == proto) {
                    if d.start < depth && depth < d.end {
                        return Action::Interpret;
                    }
                    self.descent = None;
                }
                *entries += 1;
                Action::Enter(*trace)
            }
            Some(FuncState::Counting { count, threshold, .. }) if recursive => {
                *count += 1;
                if *count >= *threshold && !disabled {
                    *count = 0;
                    Action::Record
                } else {
                    Action::Nothing
                }
            }
            _ => Action::Nothing,
        }
    }

    /// Start recording a function trace of `proto`, whose frame was just pushed at `base`.
    pub fn start_function_recording(&mut self, program: &Program, proto: u32, base: usize, top: u32) {
        let p = &program.protos[proto as usize];
        self.events.push(Event::TraceStart { trace: self.traces.len() as u32, func: p.name.clone(), pc: 0, line: p.pos.line });
        self.recorder = Some(Recorder::new_function(proto, base, top));
    }

    /// A function trace was abandoned (an exit deep in its recursion): give up on the
    /// function when that is what most runs do.
    pub fn note_abandoned(&mut self, program: &Program, id: u32) {
        self.abandoned_calls += 1;
        let proto = self.traces[id as usize].proto;
        if let Some(FuncState::Traced { entries, abandoned, .. }) = self.funcs.get_mut(proto as usize) {
            *abandoned += 1;
            if *abandoned >= ABANDON_LIMIT && *abandoned * 2 > *entries {
                let p = &program.protos[proto as usize];
                self.events.push(Event::TraceAbort { func: p.name.clone(), pc: 0, line: p.pos.line, reason: format!("function trace {id} keeps exiting inside its recursion") });
                self.events.push(Event::Blacklist { func: p.name.clone(), pc: 0, line: p.pos.line });
                self.funcs[proto as usize] = FuncState::Blacklisted;
            }
        }
    }

    fn finish_function(&mut self, program: &Program, recorder: Recorder, reason: Option<String>) {
        let proto = recorder.root_proto;
        let p = &program.protos[proto as usize];
        let (func, line) = (p.name.clone(), p.pos.line);
        if let Some(reason) = reason {
            let aborts = match self.funcs[proto as usize] {
                FuncState::Counting { aborts, .. } => aborts + 1,
                _ => MAX_ABORTS,
            };
            self.events.push(Event::TraceAbort { func: func.clone(), pc: 0, line, reason });
            self.funcs[proto as usize] = if aborts >= MAX_ABORTS {
                self.events.push(Event::Blacklist { func, pc: 0, line });
                FuncState::Blacklisted
            } else {
                FuncState::Counting { count: 0, threshold: self.hot_func << aborts, aborts }
            };
            return;
        }
        let started = now_us();
        let max_slot = recorder.max_slot;
        let mut trace = recorder.finish();
        let ir_ins = trace.live_len();
        let id = self.traces.len() as u32;
        if self.dumps.ir {
            let _ = write!(self.dump_text, "---- TRACE {id} IR (function {func}, line {line})\n{trace}");
        }
        let raw = trace.clone();
        optimize(&mut trace, self.passes, self.dumps.passes.then_some(&mut self.dump_text), &format!("TRACE {id}"));
        if self.dumps.ir_opt {
            let _ = write!(self.dump_text, "---- TRACE {id} IR after optimization\n{trace}");
        }
        let generated = js::generate(&trace, &[], 0, &[], id, program.protos[proto as usize].arity());
        if self.dumps.js {
            let _ = write!(self.dump_text, "---- TRACE {id} JS\n{}", generated.source);
        }
        let compiled = Compiled { id, func, line, ir_ins, ir_opt_ins: trace.live_len(), js: &generated, started };
        let Some(()) = self.install(compiled) else { return };
        let snaps = trace.snaps.len();
        self.traces.push(CompiledTrace {
            trace,
            raw,
            sides: vec![],
            side_state: vec![SideState::None; snaps],
            side_sites: vec![],
            polymorphic: false,
            head_exit: 0,
            proto,
            header_pc: 0,
            max_slot,
            loop_pc: 0,
            nesting: 0,
            scratch_cells: generated.scratch_cells,
            entries: 0,
            iterations: 0,
            exits: vec![0; snaps],
            waited: 0,
            exits_at_link: vec![],
            loop_key: usize::MAX,
            entry_fails: 0,
        });
        self.funcs[proto as usize] = FuncState::Traced { trace: id, entries: 0, abandoned: 0 };
        self.grow_scratch();
    }

    /// The compiled inner loop whose head is `pc` of `proto`, if any.
    pub fn inner_loop_at(&self, proto: u32, pc: usize) -> Option<InnerLoop> {
        let id = *self.headers.get(&(proto, pc as u32))?;
        let t = &self.traces[id as usize];
        // The context block's nested-exit chain has room for a bounded depth.
        if t.nesting + 1 >= runtime::MAX_NESTING {
            return None;
        }
        Some(InnerLoop { trace: id, header_pc: t.header_pc as usize, loop_pc: t.loop_pc as usize })
    }

    /// The locations (relative to the frame at `base`) that trace `id` may write: its stores,
    /// its exits' write-backs, and the same for its side traces and the traces it calls.
    /// False when the set is incomplete (an unknown trace, or nesting past the limit).
    fn writes_of(&self, id: u32, base: u32, depth: usize, out: &mut Vec<Carried>) -> bool {
        let Some(t) = self.traces.get(id as usize) else { return false };
        if depth > runtime::MAX_NESTING {
            return false;
        }
        for trace in t.all_traces() {
            for ins in &trace.ins {
                match ins.op {
                    IrOp::SStore => out.push(Carried::Slot(base + ins.a)),
                    IrOp::GStore => out.push(Carried::Global(ins.a)),
                    IrOp::CallTrace if !self.writes_of(ins.imm as u32, base + ins.a, depth + 1, out) => return false,
                    _ => {}
                }
            }
            for snap in &trace.snaps {
                out.extend(snap.slots.iter().map(|(s, _)| Carried::Slot(base + s)));
                out.extend(snap.globals.iter().map(|(g, _)| Carried::Global(*g)));
            }
        }
        true
    }

    /// Make the scratch area big enough for any chain of traces calling each other.
    fn grow_scratch(&mut self) {
        let total: u32 = self.traces.iter().map(|t| t.scratch_cells).sum();
        if self.scratch.len() < total as usize {
            self.scratch.resize(total as usize, Value::Null);
        }
    }

    fn key(&self, proto: u32, loop_id: u16) -> Option<usize> {
        let k = self.loop_base.get(proto as usize)? + loop_id as usize;
        (k < self.loops.len()).then_some(k)
    }

    /// A loop back-edge is being taken.
    #[inline]
    /// Where template code finds loop `loop_id` of `proto`'s countdown: the vector's
    /// address and `proto`'s first loop's index.
    pub fn countdown_of(&self, proto: u32) -> (usize, u32) {
        (self.countdown.as_ptr() as usize, self.loop_base.get(proto as usize).copied().unwrap_or(0) as u32)
    }

    /// Whether loop `loop_id` of `proto` will only ever be interpreted.
    pub fn blacklisted(&self, proto: u32, loop_id: u16) -> bool {
        self.key(proto, loop_id).is_some_and(|k| matches!(self.loops[k], LoopState::Blacklisted)) || self.disabled
    }

    /// Whether the loop's next back-edge makes it hot (it is counting, with one to go).
    pub fn loop_due(&self, proto: u32, loop_id: u16) -> bool {
        self.key(proto, loop_id).is_some_and(|k| matches!(self.loops[k], LoopState::Counting { .. }) && self.countdown[k] <= 1 && !self.disabled)
    }

    /// Put the recording under way aside for `reason`, which says nothing against the
    /// function or exit recorded: no abort is counted, and it may be recorded again.
    pub fn set_recording_aside(&mut self, program: &Program, reason: &str) {
        let Some(recorder) = self.recorder.take() else { return };
        // Only function traces (theirs and their side traces' recordings) are set aside:
        // reported as `finish_function` and `finish_side` report them.
        let p = &program.protos[recorder.root_proto as usize];
        let mut reason = reason.to_string();
        if let Some((parent, exit)) = recorder.side_of {
            reason = format!("side trace of {parent}/{exit}: {reason}");
            if let Some(t) = self.traces.get_mut(parent as usize) {
                if t.side_state.get(exit as usize) == Some(&SideState::Recording) {
                    t.side_state[exit as usize] = SideState::None;
                }
                // Nor does it count towards the site's side traces (`MAX_SIDES_PER_SITE`).
                let site = t.exit_site(exit);
                if let Some(k) = t.side_sites.iter().rposition(|s| Some(*s) == site) {
                    t.side_sites.remove(k);
                }
            }
        }
        self.events.push(Event::TraceAbort { func: p.name.clone(), pc: 0, line: p.pos.line, reason });
    }

    pub fn on_back_edge(&mut self, proto: u32, loop_id: u16) -> Action {
        let Some(k) = self.key(proto, loop_id) else { return Action::Nothing };
        match &mut self.loops[k] {
            LoopState::Traced { trace, .. } => Action::Enter(*trace),
            LoopState::Counting { .. } => {
                self.countdown[k] = self.countdown[k].saturating_sub(1);
                if self.countdown[k] <= 0 && !self.disabled && self.recorder.is_none() {
                    self.countdown[k] = i32::MAX;
                    Action::Record
                } else {
                    Action::Nothing
                }
            }
            LoopState::Blacklisted => Action::Nothing,
        }
    }

    /// A recording of the loop failed or its trace was discarded: back off, or blacklist
    /// the loop after [`MAX_ABORTS`] failures.
    fn fail(&mut self, program: &Program, proto: u32, header_pc: u32, loop_key: usize, reason: String) {
        let aborts = match self.loops[loop_key] {
            LoopState::Counting { aborts, .. } | LoopState::Traced { aborts, .. } => aborts + 1,
            LoopState::Blacklisted => MAX_ABORTS,
        };
        self.count_failure(program, proto, header_pc, loop_key, reason, aborts);
    }

    /// A failure that recording the loop again would repeat: blacklist it now.
    fn give_up(&mut self, program: &Program, proto: u32, header_pc: u32, loop_key: usize, reason: String) {
        self.count_failure(program, proto, header_pc, loop_key, reason, MAX_ABORTS);
    }

    fn count_failure(&mut self, program: &Program, proto: u32, header_pc: u32, loop_key: usize, reason: String, aborts: u32) {
        let pos = program.protos[proto as usize].pos_at(header_pc as usize);
        let func = program.protos[proto as usize].name.clone();
        self.events.push(Event::TraceAbort { func: func.clone(), pc: header_pc, line: pos.line, reason });
        self.headers.remove(&(proto, header_pc));
        if aborts >= MAX_ABORTS {
            self.loops[loop_key] = LoopState::Blacklisted;
            self.countdown[loop_key] = i32::MAX;
            self.events.push(Event::Blacklist { func, pc: header_pc, line: pos.line });
        } else {
            let threshold = self.hot_loop << aborts;
            self.loops[loop_key] = LoopState::Counting { aborts };
            self.countdown[loop_key] = threshold.min(i32::MAX as u32) as i32;
        }
    }

    /// Start recording the loop `loop_id` of `proto`, whose head and back-edge are at
    /// `pcs` (`header_pc..loop_pc`); false when it is put off instead.
    ///
    /// It is put off (a few times at most, without counting as a failure) while a short
    /// loop inside it has a trace whose loop exit has not had its side trace yet: that side
    /// trace is to go round this loop and back into the inner trace (see `Op::Loop` in
    /// record.rs), which then runs the whole nest. Recorded now, this loop's trace would
    /// call the inner one instead, and the inner trace would never leave by its loop exit
    /// again for a side trace to form there.
    pub fn start_recording(&mut self, program: &Program, proto: u32, loop_id: u16, pcs: std::ops::Range<u32>, root_base: usize, top: u32) -> bool {
        let (header_pc, loop_pc) = (pcs.start, pcs.end);
        let key = self.key(proto, loop_id).unwrap_or(usize::MAX);
        if key < self.postponed.len() && self.postponed[key] < MAX_POSTPONE && self.inner_awaiting_side(program, proto, header_pc, loop_pc) {
            self.postponed[key] += 1;
            // Long enough for the inner trace's exit to get hot, even at a low `hotLoop`
            // (and once more if the side trace first re-optimizes its parent).
            self.countdown[key] = self.hot_loop.max(2 * HOT_EXIT as u32).min(i32::MAX as u32) as i32;
            return false;
        }
        let pos = program.protos[proto as usize].pos_at(header_pc as usize);
        let func = program.protos[proto as usize].name.clone();
        self.events.push(Event::LoopHot { func: func.clone(), pc: header_pc, line: pos.line, col: pos.col });
        self.events.push(Event::TraceStart { trace: self.traces.len() as u32, func, pc: header_pc, line: pos.line });
        let mut recorder = Recorder::new(proto, header_pc, root_base, top);
        recorder.loop_key = key;
        recorder.trace.kinds_in_body = self.kinds_in_body.get(key).copied().unwrap_or(false);
        self.recorder = Some(recorder);
        true
    }

    /// Whether a loop of `proto` inside `header_pc..loop_pc` has a trace short enough for
    /// a side trace round the enclosing loop ([`CROSS_MAX_TRIP`]) that has not been tried at
    /// its loop exit yet.
    fn inner_awaiting_side(&self, program: &Program, proto: u32, header_pc: u32, loop_pc: u32) -> bool {
        self.headers.iter().any(|(&(p, h), &id)| {
            let t = &self.traces[id as usize];
            p == proto
                && h > header_pc
                && t.loop_pc < loop_pc
                && t.short_trips()
                && (0..t.trace.snaps.len() as u32).any(|e| t.side_state.get(e as usize) == Some(&SideState::None) && t.is_loop_exit(program, e))
        })
    }

    /// Recording stopped: `reason` is `None` when the loop closed.
    pub fn finish_recording(&mut self, program: &Program, recorder: Recorder, reason: Option<String>) {
        if reason.is_none() {
            self.recorded_instructions += u64::from(recorder.instructions);
        }
        if let Some((parent, exit)) = recorder.side_of {
            return self.finish_side(program, recorder, parent, exit, reason);
        }
        if recorder.function {
            return self.finish_function(program, recorder, reason);
        }
        let (proto, header_pc, loop_key) = (recorder.root_proto, recorder.header_pc, recorder.loop_key);
        if loop_key >= self.loops.len() {
            return;
        }
        if let Some(reason) = reason {
            return self.fail(program, proto, header_pc, loop_key, reason);
        }
        let started = now_us();
        let max_slot = recorder.max_slot;
        let loop_pc = recorder.loop_pc;
        let recorder_top = recorder.header_top;
        let mut trace = recorder.finish();
        let ir_ins = trace.live_len();
        let id = self.traces.len() as u32;
        let func = program.protos[proto as usize].name.clone();
        let line = program.protos[proto as usize].pos_at(header_pc as usize).line;
        if self.dumps.ir {
            let _ = write!(self.dump_text, "---- TRACE {id} IR (fn {func}, line {line})\n{trace}");
        }
        let raw = trace.clone();
        optimize(&mut trace, self.passes, self.dumps.passes.then_some(&mut self.dump_text), &format!("TRACE {id}"));
        if self.dumps.ir_opt {
            let _ = write!(self.dump_text, "---- TRACE {id} IR after optimization\n{trace}");
        }
        // A snapshot that resumes at the loop head with nothing to write back.
        trace.snaps.push(super::ir::Snapshot { pc: header_pc, top: recorder_top, ..Default::default() });
        let head_exit = trace.snaps.len() as u32 - 1;
        let inners = inner_exits(&self.traces, program, [&trace]);
        let generated = js::generate(&trace, &[], head_exit, &inners, id, 0);
        if self.dumps.js {
            let _ = write!(self.dump_text, "---- TRACE {id} JS\n{}", generated.source);
        }
        let compiled = Compiled { id, func, line, ir_ins, ir_opt_ins: trace.live_len(), js: &generated, started };
        let Some(()) = self.install(compiled) else { return };
        let exits = vec![0; trace.snaps.len()];
        let aborts = match self.loops[loop_key] {
            LoopState::Counting { aborts, .. } | LoopState::Traced { aborts, .. } => aborts,
            LoopState::Blacklisted => 0,
        };
        let side_state = vec![SideState::None; trace.snaps.len()];
        self.traces.push(CompiledTrace {
            trace,
            raw,
            sides: vec![],
            side_state,
            side_sites: vec![],
            polymorphic: false,
            head_exit,
            proto,
            header_pc,
            max_slot,
            loop_pc,
            nesting: inners.iter().map(|i| self.traces[i.trace as usize].nesting + 1).max().unwrap_or(0),
            scratch_cells: generated.scratch_cells,
            entries: 0,
            iterations: 0,
            exits,
            waited: 0,
            exits_at_link: vec![],
            loop_key,
            entry_fails: 0,
        });
        self.loops[loop_key] = LoopState::Traced { trace: id, aborts };
        self.countdown[loop_key] = 0;
        self.headers.insert((proto, header_pc), id);
        self.grow_scratch();
    }

    /// Account for one run of trace `id` that completed `iterations` and left by `exit`;
    /// discards traces that keep exiting early. True when a side trace should now be
    /// recorded from this exit (see [`TraceJit::start_side_recording`]).
    pub fn note_exit(&mut self, program: &Program, id: u32, iterations: u64, exit: u32) -> bool {
        self.count_wait(program, id);
        let t = &mut self.traces[id as usize];
        t.entries += 1;
        t.iterations += iterations;
        let at_entry = iterations == 0 && t.trace.loop_index().is_some_and(|at| t.trace.ins[..at].iter().any(|i| i.snap == exit));
        t.entry_fails = if at_entry { t.entry_fails + 1 } else { 0 };
        let mut count = 0;
        if let Some(n) = t.exits.get_mut(exit as usize) {
            *n += 1;
            count = *n;
        }
        let wants_side = count >= HOT_EXIT
            && (exit as usize) < t.side_state.len()
            && t.side_state[exit as usize] == SideState::None
            && t.sides.len() < MAX_SIDE_TRACES
            && t.in_body(exit)
            && !self.disabled
            && self.recorder.is_none();
        if wants_side {
            let site = t.exit_site(exit);
            if t.side_sites.iter().filter(|s| Some(**s) == site).count() < MAX_SIDES_PER_SITE {
                return true;
            }
            t.side_state[exit as usize] = SideState::Failed;
            t.polymorphic = true;
        }
        if t.trace.function {
            // A function trace that most calls leave through exits that cannot get a side
            // trace (the path has side effects, say) costs an entry and an exit on top
            // of the interpreter's own work for them: hand the function back to it.
            let dead_ends: u64 = t.exits.iter().enumerate().filter(|(e, _)| t.side_state.get(*e) == Some(&SideState::Failed)).map(|(_, n)| *n).sum();
            let proto = t.proto;
            if let Some(FuncState::Traced { entries, .. }) = self.funcs.get(proto as usize) {
                if dead_ends >= EARLY_EXIT_ENTRIES && dead_ends * 2 > *entries {
                    let p = &program.protos[proto as usize];
                    let reason = format!("function trace {id} leaves most calls through exits that cannot have side traces");
                    self.events.push(Event::TraceAbort { func: p.name.clone(), pc: 0, line: p.pos.line, reason });
                    self.events.push(Event::Blacklist { func: p.name.clone(), pc: 0, line: p.pos.line });
                    self.funcs[proto as usize] = FuncState::Blacklisted;
                }
            }
            return false;
        }
        // A trace left unpeeled (it calls an inner loop's trace on its path) gets no side
        // traces: one that keeps leaving by a guard in its body was recorded on the rarer
        // path (sieve's "is prime" branch, say). Recorded again, it likely takes the other.
        let stuck = count >= EARLY_EXIT_ENTRIES && count * 2 > t.entries && !t.is_loop_exit(program, exit) && t.trace.loop_index().is_none();
        // A trace whose checks before the loop fail at every entry, for what re-typing
        // its entry loads cannot mend (`note_failed_entry`): an array of the other kind (a
        // kind check, or a bounds check `bce` moved there), a callee redefined, a bound
        // past an array's end. Recorded again, with every such check in the loop body
        // (`Trace::kinds_in_body`), it takes the new state and side traces take the old;
        // waiting for its average to fall under one iteration an entry, as below, took
        // 1,497 entries after a long first one.
        let refused = t.entry_fails >= EARLY_EXIT_ENTRIES;
        if stuck || refused || (t.entries >= EARLY_EXIT_ENTRIES && t.iterations < t.entries) {
            let (proto, header_pc, loop_key, polymorphic) = (t.proto, t.header_pc, t.loop_key, t.polymorphic);
            t.entries = 0;
            t.iterations = 0;
            t.entry_fails = 0;
            if polymorphic {
                // Recorded again, the loop would meet the same instruction.
                let reason = format!("trace {id} exits before finishing an iteration at a polymorphic instruction ({MAX_SIDES_PER_SITE} side traces there already)");
                self.give_up(program, proto, header_pc, loop_key, reason);
            } else {
                let reason = if stuck {
                    format!("trace {id} has no side traces and keeps leaving by exit {exit}")
                } else if refused {
                    // Recorded again with its kind checks in the loop body, where a side
                    // trace can take the other kind: one loop over arrays of both kinds
                    // otherwise swapped traces at each change and was blacklisted (found
                    // in review; 2x slower than the interpreter).
                    if let Some(k) = self.kinds_in_body.get_mut(loop_key) {
                        *k = true;
                    }
                    format!("trace {id} failed the checks before its loop {EARLY_EXIT_ENTRIES} entries in a row")
                } else {
                    format!("trace {id} exits before finishing an iteration")
                };
                self.fail(program, proto, header_pc, loop_key, reason);
            }
        }
        false
    }

    /// Start recording a side trace of trace `id` from its exit `exit`, whose state the
    /// interpreter has just restored (root frame at `root_base`).
    pub fn start_side_recording(&mut self, program: &Program, id: u32, exit: u32, root_base: usize) {
        let t = &mut self.traces[id as usize];
        t.side_state[exit as usize] = SideState::Recording;
        if let Some(site) = t.exit_site(exit) {
            t.side_sites.push(site);
        }
        let Some(snap) = t.exit_snapshot(exit).cloned() else { return };
        let header_top = t.trace.snaps.get(t.head_exit as usize).map_or(0, |s| s.top);
        let mut recorder = Recorder::new_side(t.proto, t.header_pc, root_base, header_top, &snap, program);
        recorder.side_of = Some((id, exit));
        // A side trace of a side trace decides as its parent did: once a path goes round
        // the enclosing loop, the inner loop's trip counts per entry no longer say how long
        // the inner loop is, and the branches of that path must go round it too.
        let from_side = (exit as usize >= t.trace.snaps.len()).then(|| t.sides.iter().rev().find(|s| exit >= s.exit_base)).flatten();
        recorder.may_cross_outer = from_side.map_or_else(|| t.short_trips(), |s| s.may_cross_outer);
        recorder.function = t.trace.function;
        recorder.trace.function = t.trace.function;
        self.recorder = Some(recorder);
    }

    /// What the side trace `side` writes through the inner loops it calls (relative to the
    /// root frame), the nesting depth they add, and whether that set is complete.
    fn inner_writes(&self, side: &Trace) -> (Vec<Carried>, usize, bool) {
        let mut writes = vec![];
        let mut nesting = 0;
        let mut known = true;
        for call in side.ins.iter().filter(|i| i.op == IrOp::CallTrace) {
            known &= self.writes_of(call.imm as u32, call.a, 0, &mut writes);
            if let Some(inner) = self.traces.get(call.imm as usize) {
                nesting = nesting.max(inner.nesting + 1);
            }
        }
        (writes, nesting, known)
    }

    /// A side recording ended: link it into its parent, or remember that this exit failed.
    ///
    /// A side path that stores to a location its parent does not carry makes the parent
    /// re-optimize to carry it (see [`SideNeeds`]). The side traces already linked stay
    /// linked to the new parent when they need nothing more of it and its exits are the
    /// old ones (they are recorded against an exit's pc, frames and stack height, not
    /// against the parent's code), and this one is linked with them: one new version of
    /// the trace for V8 to compile and warm up, where recording them all again cost one
    /// per side trace.
    fn finish_side(&mut self, program: &Program, recorder: Recorder, parent: u32, exit: u32, reason: Option<String>) {
        let steps = u64::from(recorder.steps());
        let max_slot = recorder.max_slot;
        let may_cross_outer = recorder.may_cross_outer;
        let iterations = u64::from(recorder.iterations());
        let mut side = recorder.finish();
        let raw_side = side.clone();
        // What the inner loops the side path runs write (the parent may hold it in a
        // register), and the nesting depth they add.
        let (inner_writes, inner_nesting, writes_known) = self.inner_writes(&side);
        let mut reason = reason;
        if !writes_known {
            reason = reason.or_else(|| Some("cannot tell what its inner loops write".into()));
        }
        let started = now_us();
        let t = &self.traces[parent as usize];
        let func = program.protos[t.proto as usize].name.clone();
        let line = program.protos[t.proto as usize].pos_at(t.header_pc as usize).line;
        let mut needs = SideNeeds::of(&t.trace, &t.raw, &side, &inner_writes);
        // The parent before a re-optimization that kept its side traces: it is still the
        // compiled one until the new version compiles.
        let mut replaced: Option<(Trace, u32)> = None;
        if needs.new_to(&t.raw) && reason.is_none() && t.trace.loop_index().is_some() {
            match self.reoptimize(program, parent, needs) {
                Reoptimized::KeptSides(old) => replaced = Some(*old),
                Reoptimized::Compiled => return,
                Reoptimized::Unchanged => {}
            }
            let t = &self.traces[parent as usize];
            needs = SideNeeds::of(&t.trace, &t.raw, &side, &inner_writes);
        }
        let t = &self.traces[parent as usize];
        let boxed_phi = carries_boxed(&t.trace);
        let reason = reason.or_else(|| {
            if t.trace.loop_index().is_none() && !t.trace.function {
                Some("parent trace has no loop".into())
            } else if !needs.stale.is_empty() {
                Some("side path writes a value the loop keeps invariant".into())
            } else if boxed_phi {
                Some("loop carries a boxed value".into())
            } else {
                None
            }
        });
        if let Some(reason) = reason {
            let t = &mut self.traces[parent as usize];
            t.side_state[exit as usize] = SideState::Failed;
            let header_pc = t.header_pc;
            if let Some(old) = replaced {
                // The re-optimized parent, with the side traces it kept (its compile comes
                // first in the events: it happened for this side trace).
                self.link_waiting(program, parent, started, Some(old));
            }
            self.events.push(Event::TraceAbort { func, pc: header_pc, line, reason: format!("side trace of {parent}/{exit}: {reason}") });
            self.link_if_done_waiting(program, parent);
            return;
        }
        let mut passes = self.passes;
        for off in ["peel", "bce", "sink"] {
            passes = passes.without(off);
        }
        let label = format!("TRACE {parent} SIDE TRACE from exit {exit}");
        optimize(&mut side, passes, self.dumps.passes.then_some(&mut self.dump_text), &label);
        let t = &mut self.traces[parent as usize];
        let exit_base = t.exit_count();
        t.max_slot = t.max_slot.max(max_slot);
        t.sides.push(SideTrace { exit, trace: side, raw: raw_side, steps, exit_base, may_cross_outer, iterations });
        let nesting = t.nesting;
        t.nesting = t.nesting.max(inner_nesting);
        t.side_state[exit as usize] = SideState::Waiting;
        if self.dumps.ir_opt {
            let _ = write!(self.dump_text, "---- {label} after optimization\n{}", t.sides.last().map(|s| s.trace.to_string()).unwrap_or_default());
        }
        // A re-optimized parent is compiled now: the code that runs is the old parent's.
        if replaced.is_none() && self.should_wait(program, parent) {
            let t = &mut self.traces[parent as usize];
            t.waited = t.waited.max(1);
            return;
        }
        if !self.link_waiting(program, parent, started, replaced) {
            self.traces[parent as usize].nesting = nesting;
        }
    }

    /// Trace `id` left by `exit`. When that is an exit of the checks before its loop (the
    /// entry failed), every [`HOT_EXIT`] times the locations written before they are read
    /// (or adopted) whose value now has another type than the check expects, `type_of`
    /// tells, stop being loaded and checked there (`Trace::no_entry_phi`, as when a side
    /// path retypes one) and the trace is re-optimized: hash_lookup's `w`, null after a
    /// miss, made 2,800 entries fail.
    pub fn note_failed_entry(&mut self, program: &Program, id: u32, exit: u32, type_of: impl Fn(Carried) -> Option<super::ir::Ty>) {
        let t = &self.traces[id as usize];
        let count = t.exits.get(exit as usize).copied().unwrap_or(0);
        if t.trace.function || count == 0 || count % HOT_EXIT != 0 || self.recorder.is_some() || self.disabled {
            return;
        }
        // The checks before the loop resume at its head.
        if t.trace.snaps.get(exit as usize).is_none_or(|s| s.pc != t.header_pc || !s.frames.is_empty()) {
            return;
        }
        let Some(at) = t.trace.loop_index() else { return };
        let eligible = |loc: Carried| (t.trace.entry_loaded.contains(&loc) || t.raw.adopted.iter().any(|(l, _)| *l == loc)) && !t.raw.no_entry_phi.contains(&loc);
        let mut retyped: Vec<Carried> = t.trace.ins[..at]
            .iter()
            .filter(|i| i.op == IrOp::Unbox && i.snap == exit)
            .filter_map(|i| Some((t.trace.get(i.ra()).loaded()?, i.ty)))
            .filter(|&(loc, ty)| eligible(loc) && type_of(loc).is_some_and(|now| now != ty))
            .map(|(loc, _)| loc)
            .collect();
        retyped.dedup();
        if retyped.is_empty() {
            return;
        }
        let started = now_us();
        if let Reoptimized::KeptSides(old) = self.reoptimize(program, id, SideNeeds { retyped, ..SideNeeds::default() }) {
            self.link_waiting(program, id, started, Some(*old));
        }
    }

    /// An exit of trace `id` was taken — from the interpreter, or nested, through the traces
    /// that called it: while side traces wait to be compiled, it counts toward
    /// [`MAX_WAIT_EXITS`], and they are linked once none is worth waiting for.
    pub fn count_wait(&mut self, program: &Program, id: u32) {
        let Some(t) = self.traces.get_mut(id as usize) else { return };
        if t.waited > 0 {
            t.waited += 1;
            self.link_if_done_waiting(program, id);
        }
    }

    /// Link trace `id`'s waiting side traces if there are some and none is worth waiting for
    /// any longer.
    fn link_if_done_waiting(&mut self, program: &Program, id: u32) {
        if self.traces[id as usize].waited > 0 && !self.should_wait(program, id) {
            self.link_waiting(program, id, now_us(), None);
        }
    }

    /// Whether a side trace of trace `id` recorded now should wait for another exit's:
    /// one being recorded, or a warm one ([`WARM_EXIT`]) that may get one (in the loop
    /// body, not at a site that has all the side traces it may have, not a long loop's own
    /// exit) — unless side traces have waited for [`MAX_WAIT_EXITS`] exits already.
    fn should_wait(&self, program: &Program, id: u32) -> bool {
        let t = &self.traces[id as usize];
        if t.waited > MAX_WAIT_EXITS || t.sides.len() >= MAX_SIDE_TRACES {
            return false;
        }
        (0..t.side_state.len() as u32).any(|e| match t.side_state[e as usize] {
            SideState::Recording => true,
            SideState::None => {
                t.exits.get(e as usize).is_some_and(|&n| n.saturating_sub(t.exits_at_link.get(e as usize).copied().unwrap_or(0)) >= WARM_EXIT)
                    && t.in_body(e)
                    && (!t.is_loop_exit(program, e) || t.short_trips())
                    && t.side_sites.iter().filter(|s| Some(**s) == t.exit_site(e)).count() < MAX_SIDES_PER_SITE
            }
            _ => false,
        })
    }

    /// Compile trace `parent` with its side traces, the waiting ones included, which are
    /// then linked (or, when that fails, dropped). `replaced` as for [`TraceJit::link`].
    fn link_waiting(&mut self, program: &Program, parent: u32, started: f64, replaced: Option<(Trace, u32)>) -> bool {
        let linked = self.link(program, parent, started, replaced);
        let t = &mut self.traces[parent as usize];
        t.waited = 0;
        let waiting: Vec<u32> = t.sides.iter().map(|s| s.exit).filter(|&e| t.side_state[e as usize] == SideState::Waiting).collect();
        if !linked {
            // The waiting side traces are the last ones.
            while t.sides.last().is_some_and(|s| t.side_state[s.exit as usize] == SideState::Waiting) {
                let s = t.sides.pop().unwrap();
                t.side_state[s.exit as usize] = SideState::Failed;
            }
            return false;
        }
        for &e in &waiting {
            t.side_state[e as usize] = SideState::Linked;
        }
        // Progress: judge the trace's early exits afresh.
        t.entries = 0;
        t.iterations = 0;
        t.entry_fails = 0;
        let total = t.exit_count() as usize;
        t.exits.resize(total, 0);
        t.exits_at_link = t.exits.clone();
        // The new side traces' exits can get side traces of their own.
        t.side_state.resize(total, SideState::None);
        for e in waiting {
            let (func, pc, line) = self.traces[parent as usize].exit_position(program, e);
            self.events.push(Event::SideTrace { trace: parent, parent, exit: e, func, pc, line });
        }
        true
    }

    /// Compile trace `parent` with its side traces, as they now are. `replaced` is the
    /// parent trace and head exit a re-optimization replaced, put back if this fails; after
    /// one, a [`Event::TraceCompile`] says that the parent changed.
    fn link(&mut self, program: &Program, parent: u32, started: f64, replaced: Option<(Trace, u32)>) -> bool {
        let t = &self.traces[parent as usize];
        let inners = inner_exits(&self.traces, program, t.all_traces());
        let sides: Vec<js::Side> = t.sides.iter().map(|s| js::Side { exit: s.exit, trace: &s.trace, steps: s.steps, iterations: s.iterations, exit_base: s.exit_base }).collect();
        let generated = js::generate(&t.trace, &sides, t.head_exit, &inners, parent, program.protos[t.proto as usize].arity());
        if self.dumps.js {
            let _ = write!(self.dump_text, "---- TRACE {parent} JS with {} side trace(s)\n{}", t.sides.len(), generated.source);
        }
        let t = &mut self.traces[parent as usize];
        let reoptimized = replaced.is_some();
        if runtime::compile(&generated.source, parent).is_none() {
            if let Some(old) = replaced {
                (t.trace, t.head_exit) = old;
            }
            return false;
        }
        t.scratch_cells = generated.scratch_cells;
        let compile_us = now_us() - started;
        self.compile_us += compile_us;
        if reoptimized {
            self.reoptimized_event(program, parent, generated.source.len(), compile_us);
        }
        self.grow_scratch();
        true
    }

    /// The event for trace `id` compiled again, re-optimized ([`TraceJit::reoptimize`]).
    fn reoptimized_event(&mut self, program: &Program, id: u32, js_bytes: usize, compile_us: f64) {
        let t = &self.traces[id as usize];
        let func = program.protos[t.proto as usize].name.clone();
        let line = program.protos[t.proto as usize].pos_at(t.header_pc as usize).line;
        let (ir_ins, ir_opt_ins) = (t.raw.live_len() as u32, t.trace.live_len() as u32);
        self.events.push(Event::TraceCompile { trace: id, func, line, ir_ins, ir_opt_ins, js_bytes: js_bytes as u32, compile_us });
    }

    /// Re-optimize trace `parent` so that its loop carries what a side path `needs` (and
    /// loads the retyped locations at the loop head rather than before the loop).
    fn reoptimize(&mut self, program: &Program, parent: u32, needs: SideNeeds) -> Reoptimized {
        let started = now_us();
        let t = &mut self.traces[parent as usize];
        let header_top = t.trace.snaps.get(t.head_exit as usize).map_or(0, |s| s.top);
        t.raw.force_carried.extend(needs.stale);
        t.raw.no_entry_phi.extend(needs.retyped);
        // Adopted locations are loaded (and their type checked) at the loop head by `peel`.
        t.raw.adopted.extend(needs.adopt);
        t.raw.adopted_small.extend(needs.adopt_small);
        let mut trace = t.raw.clone();
        let label = format!("TRACE {parent} (re-optimized to carry what a side path writes)");
        optimize(&mut trace, self.passes, self.dumps.passes.then_some(&mut self.dump_text), &label);
        if self.dumps.ir_opt {
            let _ = write!(self.dump_text, "---- {label} IR after optimization\n{trace}");
        }
        trace.snaps.push(super::ir::Snapshot { pc: t.header_pc, top: header_top, ..Default::default() });
        let head_exit = trace.snaps.len() as u32 - 1;
        // The side traces stay if the exits they hang off (and number theirs after) are the
        // old ones, and the new parent gives each what it needs.
        let t = &self.traces[parent as usize];
        let same_exits = head_exit == t.head_exit
            && trace.snaps.len() == t.trace.snaps.len()
            && trace.snaps.iter().zip(&t.trace.snaps).all(|(a, b)| (a.pc, &a.frames, a.top, a.calls, a.loops) == (b.pc, &b.frames, b.top, b.calls, b.loops));
        let keep = same_exits
            && (t.sides.is_empty() || !carries_boxed(&trace))
            && t.sides.iter().all(|s| {
                let (writes, _, known) = self.inner_writes(&s.raw);
                let needs = SideNeeds::of(&trace, &t.raw, &s.raw, &writes);
                known && needs.stale.is_empty() && !needs.new_to(&t.raw)
            });
        let t = &mut self.traces[parent as usize];
        if keep {
            if self.dumps.ir_opt {
                // The dump lists a version's side traces after its parent.
                for s in &t.sides {
                    let _ = write!(self.dump_text, "---- TRACE {parent} SIDE TRACE from exit {} after optimization\n{}", s.exit, s.trace);
                }
            }
            let old_trace = std::mem::replace(&mut t.trace, trace);
            return Reoptimized::KeptSides(Box::new((old_trace, head_exit)));
        }
        // Otherwise the side traces are recorded again, against the new parent, when they
        // are next hot.
        let inners = inner_exits(&self.traces, program, [&trace]);
        let generated = js::generate(&trace, &[], head_exit, &inners, parent, 0);
        if self.dumps.js {
            let _ = write!(self.dump_text, "---- {label} JS\n{}", generated.source);
        }
        if runtime::compile(&generated.source, parent).is_none() {
            return Reoptimized::Unchanged;
        }
        let compile_us = now_us() - started;
        self.compile_us += compile_us;
        let t = &mut self.traces[parent as usize];
        t.trace = trace;
        t.head_exit = head_exit;
        t.sides.clear();
        t.waited = 0;
        // Those at one site are not a sign of polymorphism.
        t.side_sites.clear();
        t.side_state = vec![SideState::None; t.trace.snaps.len()];
        t.exits = vec![0; t.trace.snaps.len()];
        t.exits_at_link.clear();
        t.scratch_cells = generated.scratch_cells;
        self.reoptimized_event(program, parent, generated.source.len(), compile_us);
        self.grow_scratch();
        Reoptimized::Compiled
    }

    /// Final per-exit counts as events (at the end of the run).
    pub fn exit_events(&self, program: &Program) -> Vec<Event> {
        let mut out = vec![];
        for (id, t) in self.traces.iter().enumerate() {
            for (exit, count) in t.exits.iter().enumerate().filter(|(_, c)| **c > 0) {
                let (func, pc, line) = t.exit_position(program, exit as u32);
                out.push(Event::TraceExit { trace: id as u32, exit: exit as u32, count: *count, func, pc, line });
            }
        }
        out
    }
}

/// Whether integer `r` of a recorded trace was small (within about 2^20, as `Unbox`'s
/// `imm` 1 marks) when recorded: a small constant, a load seen small, or (`depth` levels
/// down) a sum or difference of such values; through a `Box`, as [`unboxed_type`].
fn seen_small(trace: &Trace, r: super::ir::IrRef, depth: u32) -> bool {
    let v = trace.get(r);
    match v.op {
        IrOp::Box => seen_small(trace, v.ra(), depth),
        IrOp::KInt => super::record::small(v.imm),
        IrOp::Unbox => v.imm == 1,
        IrOp::Add | IrOp::Sub => depth > 0 && seen_small(trace, v.ra(), depth - 1) && seen_small(trace, v.rb(), depth - 1),
        _ => false,
    }
}

/// Whether loop trace `trace` carries a boxed value in a PHI: it can have no side traces.
fn carries_boxed(trace: &Trace) -> bool {
    trace.carried.iter().any(|(p, _)| trace.get(*p).op == IrOp::Phi && trace.get(*p).ty == super::ir::Ty::Any)
}

/// What a side path asks of its parent's loop before it can be linked: the parent may
/// only hand a side trace its values in JS variables, and take back from it, what it
/// carries in PHIs.
#[derive(Default)]
struct SideNeeds {
    /// Locations the side path writes that the parent loads once, before its loop, and
    /// does not carry: they would go stale (`Trace::force_carried`).
    stale: Vec<Carried>,
    /// Written-before-read or adopted locations the parent carries from a load at the
    /// loop head, which the side path leaves holding a value of another type: the PHI
    /// cannot take it (`Trace::no_entry_phi`).
    retyped: Vec<Carried>,
    /// Locations only side paths touch (a counter of one branch), which the side path
    /// stores a typed value to: the parent can carry them in PHIs too, loading them on
    /// entry, so that the side path neither loads nor stores them in memory
    /// (`Trace::adopted`); those seen small, for `Trace::adopted_small`.
    adopt: Vec<(Carried, super::ir::Ty)>,
    adopt_small: Vec<Carried>,
}

impl SideNeeds {
    /// What the recorded side path `side`, whose inner loops write `inner_writes`, needs
    /// of the parent `trace` (optimized; recorded as `raw`).
    fn of(trace: &Trace, raw: &Trace, side: &Trace, inner_writes: &[Carried]) -> SideNeeds {
        let carried = |loc: Carried| trace.carried.iter().any(|(p, l)| *l == loc && trace.get(*p).op == IrOp::Phi);
        let loads = |loc: Carried| trace.ins.iter().any(|i| i.loaded() == Some(loc));
        // One iteration's temporaries (slots from the loop head's stack height up, locals
        // dead at the head) need no value at the head.
        let lasting = |loc: Carried| !trace.temporary(loc);
        let mut stale: Vec<Carried> = if trace.function {
            vec![]
        } else {
            side.ins.iter().filter_map(Ins::stored).chain(inner_writes.iter().copied()).filter(|&loc| lasting(loc) && loads(loc) && !carried(loc)).collect()
        };
        stale.sort();
        stale.dedup();
        let retyped: Vec<Carried> = trace
            .entry_loaded
            .iter()
            .copied()
            .chain(raw.adopted.iter().map(|(l, _)| *l))
            .filter(|loc| {
                let Some((phi, _)) = trace.carried.iter().find(|(_, l)| l == loc) else { return false };
                let stored = js::last_store_value(side, *loc);
                stored.is_some_and(|v| unboxed_type(side, v) != trace.get(*phi).ty)
            })
            .collect();
        let mut adopt_small: Vec<Carried> = vec![];
        let mut adopt: Vec<(Carried, super::ir::Ty)> = vec![];
        if !trace.function && !side.ins.iter().any(|i| i.op == IrOp::CallTrace) {
            for ins in &side.ins {
                let Some(loc) = ins.stored().filter(|&loc| lasting(loc) && !loads(loc)) else { continue };
                let ty = unboxed_type(side, ins.rb());
                let known = raw.force_carried.contains(&loc) || raw.adopted.iter().any(|(l, _)| *l == loc) || raw.no_entry_phi.contains(&loc);
                if ty != super::ir::Ty::Any && !carried(loc) && !known && !adopt.iter().any(|(l, _)| *l == loc) {
                    adopt.push((loc, ty));
                    if seen_small(side, ins.rb(), 2) {
                        adopt_small.push(loc);
                    }
                }
            }
        }
        SideNeeds { stale, retyped, adopt, adopt_small }
    }

    /// Whether the parent recorded as `raw` must be re-optimized to meet them.
    fn new_to(&self, raw: &Trace) -> bool {
        !self.stale.iter().all(|l| raw.force_carried.contains(l)) || !self.retyped.iter().all(|l| raw.no_entry_phi.contains(l)) || !self.adopt.is_empty()
    }
}

/// What [`TraceJit::reoptimize`] did.
enum Reoptimized {
    /// The new parent replaced the old one, returned (with its head exit), which is still
    /// the compiled one: the side traces stay, and the caller compiles the new version.
    KeptSides(Box<(Trace, u32)>),
    /// The new parent is compiled without side traces, which are to be recorded again.
    Compiled,
    /// The new parent did not compile: the old one stays.
    Unchanged,
}

/// The type of value `r` of a recorded trace, looking through a `Box` (recorded stores
/// take boxed values: `unbox` has not run yet).
fn unboxed_type(trace: &Trace, r: super::ir::IrRef) -> super::ir::Ty {
    let value = trace.get(r);
    if value.op == IrOp::Box { trace.get(value.ra()).ty } else { value.ty }
}

/// Where the loop test at `pc` of `code` leaves to when it fails: the target of a
/// `JumpIfFalse` or an `IterNext` (a trace's loop exits are guards on those).
fn loop_test_target(code: &[u8], pc: u32) -> Option<u32> {
    use crate::bytecode::{Instr, Op};
    let i = Instr::decode(code, pc as usize).filter(|i| matches!(i.op, Op::JumpIfFalse | Op::IterNext))?;
    i.branch_target().map(|t| t as u32)
}

/// What the code of `trace` needs to know about the inner traces it calls.
pub(crate) fn inner_exits<'t>(compiled: &[CompiledTrace], program: &Program, traces: impl IntoIterator<Item = &'t Trace>) -> Vec<js::InnerExits> {
    let mut out: Vec<js::InnerExits> = vec![];
    for call in traces.into_iter().flat_map(|t| &t.ins).filter(|i| i.op == super::ir::IrOp::CallTrace) {
        if out.iter().any(|x| i64::from(x.trace) == call.imm && x.resume_pc == call.b) {
            continue;
        }
        let Some(inner) = compiled.get(call.imm as usize) else { continue };
        let code = &program.protos[inner.proto as usize].code;
        let mut normal = vec![];
        // Only a loop test's exit: a snapshot that a check before the loop (the entry's),
        // the budget check or a type check also leaves by resumes in the loop, not after it.
        let body = inner.trace.loop_index().map_or(0, |l| l + 1);
        let loop_test_only = |s: u32| inner.trace.ins.iter().enumerate().all(|(k, i)| i.snap != s || (i.op == super::ir::IrOp::GuardTrue && k >= body));
        for ins in inner.trace.ins.iter().filter(|i| i.op == super::ir::IrOp::GuardTrue && i.snap != super::ir::NO_SNAP) {
            let snap = &inner.trace.snaps[ins.snap as usize];
            let ends_here = snap.frames.is_empty() && loop_test_target(code, snap.pc) == Some(call.b) && loop_test_only(ins.snap);
            if ends_here && !normal.iter().any(|(e, _)| *e == ins.snap) {
                normal.push((ins.snap, snap.steps()));
            }
        }
        out.push(js::InnerExits { trace: call.imm as u32, resume_pc: call.b, normal, scratch_cells: inner.scratch_cells });
    }
    out
}

/// Run the optimizer; with `dump`, append the IR after each pass that changed it, as
/// `---- LABEL IR after PASS` sections.
fn optimize(trace: &mut Trace, passes: PassSet, dump: Option<&mut String>, label: &str) {
    let Some(out) = dump else { return opt::optimize(trace, passes) };
    let mut last = trace.to_string();
    opt::optimize_with(trace, passes, |pass, trace| {
        let now = trace.to_string();
        if now != last {
            let _ = write!(out, "---- {label} IR after {pass}\n{now}");
            last = now;
        }
    });
}
