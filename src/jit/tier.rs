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
//!   [`MAX_ABORTS`] such rounds.

use std::fmt::Write;

use super::event::Event;
use super::ir::Trace;
use super::opt::{self, PassSet};
use super::record::Recorder;
use super::{js, runtime};
use crate::bytecode::Program;
use crate::clock::now_us;
use crate::vm::value::Value;

/// Recording failures (or discarded traces) before a loop is blacklisted.
pub const MAX_ABORTS: u32 = 4;
/// Entries after which a trace that averages less than one iteration is discarded.
pub const EARLY_EXIT_ENTRIES: u64 = 64;
/// Default hot-loop threshold.
pub const DEFAULT_HOT_LOOP: u32 = 50;

/// What to dump while compiling.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dumps {
    pub ir: bool,
    pub ir_opt: bool,
    pub js: bool,
}

#[derive(Clone, Copy, Debug)]
enum LoopState {
    /// Back-edges seen, and how many must be seen before recording.
    Counting { count: u32, threshold: u32, aborts: u32 },
    Traced { trace: u32, aborts: u32 },
    Blacklisted,
}

/// A compiled trace.
pub struct CompiledTrace {
    pub js_id: u32,
    pub trace: Trace,
    pub proto: u32,
    pub header_pc: u32,
    /// Steps charged per iteration (the back-edge plus calls).
    pub steps_per_iteration: u64,
    /// Highest slot (relative to the root base) the trace may write.
    pub max_slot: u32,
    pub entries: u64,
    pub iterations: u64,
    pub exits: Vec<u64>,
    loop_key: usize,
}

/// What the interpreter should do at a back-edge.
pub enum Action {
    Nothing,
    Record,
    Enter(u32),
}

/// The trace tier of one run.
pub struct TraceJit {
    pub hot_loop: u32,
    pub passes: PassSet,
    pub dumps: Dumps,
    /// Text of the requested dumps.
    pub dump_text: String,
    pub events: Vec<Event>,
    pub traces: Vec<CompiledTrace>,
    pub recorder: Option<Recorder>,
    /// Scratch cells for boxed temporaries (`X` in generated code).
    pub scratch: Vec<Value>,
    /// `proto → index of its first loop` in `loops`.
    loop_base: Vec<usize>,
    loops: Vec<LoopState>,
    /// Set when `new Function` is unavailable: nothing more is compiled.
    pub disabled: bool,
    pub compile_us: f64,
}

impl TraceJit {
    pub fn new(program: &Program, hot_loop: u32, passes: PassSet, dumps: Dumps) -> TraceJit {
        let mut loop_base = Vec::with_capacity(program.protos.len());
        let mut total = 0;
        for proto in &program.protos {
            loop_base.push(total);
            total += proto.num_loops as usize;
        }
        let threshold = hot_loop.max(1);
        runtime::init();
        TraceJit {
            hot_loop: threshold,
            passes,
            dumps,
            dump_text: String::new(),
            events: vec![],
            traces: vec![],
            recorder: None,
            scratch: vec![],
            loop_base,
            loops: vec![LoopState::Counting { count: 0, threshold, aborts: 0 }; total],
            disabled: false,
            compile_us: 0.0,
        }
    }

    fn key(&self, proto: u32, loop_id: u16) -> Option<usize> {
        let k = self.loop_base.get(proto as usize)? + loop_id as usize;
        (k < self.loops.len()).then_some(k)
    }

    /// A loop back-edge is being taken.
    #[inline]
    pub fn on_back_edge(&mut self, proto: u32, loop_id: u16) -> Action {
        let Some(k) = self.key(proto, loop_id) else { return Action::Nothing };
        match &mut self.loops[k] {
            LoopState::Traced { trace, .. } => Action::Enter(*trace),
            LoopState::Counting { count, threshold, .. } => {
                *count += 1;
                if *count >= *threshold && !self.disabled && self.recorder.is_none() {
                    *count = 0;
                    Action::Record
                } else {
                    Action::Nothing
                }
            }
            LoopState::Blacklisted => Action::Nothing,
        }
    }

    fn fail(&mut self, program: &Program, proto: u32, header_pc: u32, loop_key: usize, reason: String) {
        let pos = program.protos[proto as usize].pos_at(header_pc as usize);
        let func = program.protos[proto as usize].name.clone();
        let aborts = match self.loops[loop_key] {
            LoopState::Counting { aborts, .. } | LoopState::Traced { aborts, .. } => aborts + 1,
            LoopState::Blacklisted => MAX_ABORTS,
        };
        self.events.push(Event::TraceAbort { func: func.clone(), pc: header_pc, line: pos.line, reason });
        if aborts >= MAX_ABORTS {
            self.loops[loop_key] = LoopState::Blacklisted;
            self.events.push(Event::Blacklist { func, pc: header_pc, line: pos.line });
        } else {
            self.loops[loop_key] = LoopState::Counting { count: 0, threshold: self.hot_loop << aborts, aborts };
        }
    }

    /// Start recording the loop `loop_id` of `proto`, whose header is `header_pc`.
    pub fn start_recording(&mut self, program: &Program, proto: u32, loop_id: u16, header_pc: u32, root_base: usize, top: u32) {
        let pos = program.protos[proto as usize].pos_at(header_pc as usize);
        let func = program.protos[proto as usize].name.clone();
        self.events.push(Event::LoopHot { func: func.clone(), pc: header_pc, line: pos.line, col: pos.col });
        self.events.push(Event::TraceStart { trace: self.traces.len() as u32, func, pc: header_pc, line: pos.line });
        let mut recorder = Recorder::new(proto, header_pc, root_base, top);
        recorder.loop_key = self.key(proto, loop_id).unwrap_or(usize::MAX);
        self.recorder = Some(recorder);
    }

    /// Recording stopped: `reason` is `None` when the loop closed.
    pub fn finish_recording(&mut self, program: &Program, recorder: Recorder, reason: Option<String>) {
        let (proto, header_pc, loop_key) = (recorder.root_proto, recorder.header_pc, recorder.loop_key);
        if loop_key >= self.loops.len() {
            return;
        }
        if let Some(reason) = reason {
            return self.fail(program, proto, header_pc, loop_key, reason);
        }
        let started = now_us();
        let max_slot = recorder.max_slot;
        let mut trace = recorder.finish();
        let ir_ins = trace.live_len();
        let id = self.traces.len() as u32;
        let func = program.protos[proto as usize].name.clone();
        let line = program.protos[proto as usize].pos_at(header_pc as usize).line;
        if self.dumps.ir {
            let _ = write!(self.dump_text, "---- TRACE {id} IR (fn {func}, line {line})\n{trace}");
        }
        opt::optimize(&mut trace, self.passes);
        if self.dumps.ir_opt {
            let _ = write!(self.dump_text, "---- TRACE {id} IR after optimization\n{trace}");
        }
        let generated = js::generate(&trace);
        if self.dumps.js {
            let _ = write!(self.dump_text, "---- TRACE {id} JS\n{}", generated.source);
        }
        let Some(js_id) = runtime::compile(&generated.source) else {
            self.disabled = true;
            self.events.push(Event::JitUnavailable { reason: "new Function is not allowed here (Content-Security-Policy?)".into() });
            return;
        };
        let needed = generated.scratch_cells as usize;
        if self.scratch.len() < needed {
            self.scratch.resize(needed, Value::Null);
        }
        let compile_us = now_us() - started;
        self.compile_us += compile_us;
        self.events.push(Event::TraceCompile {
            trace: id,
            func,
            line,
            ir_ins: ir_ins as u32,
            ir_opt_ins: trace.live_len() as u32,
            js_bytes: generated.source.len() as u32,
            compile_us,
        });
        let steps_per_iteration = trace.ins.first().map_or(1, |i| i.imm.max(1) as u64);
        let exits = vec![0; trace.snaps.len()];
        let aborts = match self.loops[loop_key] {
            LoopState::Counting { aborts, .. } | LoopState::Traced { aborts, .. } => aborts,
            LoopState::Blacklisted => 0,
        };
        self.traces.push(CompiledTrace { js_id, trace, proto, header_pc, steps_per_iteration, max_slot, entries: 0, iterations: 0, exits, loop_key });
        self.loops[loop_key] = LoopState::Traced { trace: id, aborts };
    }

    /// Account for one run of trace `id` that completed `iterations` and left by `exit`;
    /// discards traces that keep exiting early.
    pub fn note_exit(&mut self, program: &Program, id: u32, iterations: u64, exit: u32) {
        let t = &mut self.traces[id as usize];
        t.entries += 1;
        t.iterations += iterations;
        if let Some(n) = t.exits.get_mut(exit as usize) {
            *n += 1;
        }
        if t.entries >= EARLY_EXIT_ENTRIES && t.iterations < t.entries {
            let (proto, header_pc, loop_key) = (t.proto, t.header_pc, t.loop_key);
            t.entries = 0;
            t.iterations = 0;
            self.fail(program, proto, header_pc, loop_key, format!("trace {id} exits before finishing an iteration"));
        }
    }

    /// Final per-exit counts as events (at the end of the run).
    pub fn exit_events(&self) -> Vec<Event> {
        let mut out = vec![];
        for (id, t) in self.traces.iter().enumerate() {
            for (exit, count) in t.exits.iter().enumerate().filter(|(_, c)| **c > 0) {
                out.push(Event::TraceExit { trace: id as u32, exit: exit as u32, count: *count });
            }
        }
        out
    }
}
