//! JIT events: what the tiers did, for `--stats`, the JS API (`events`) and the playground.
//!
//! Serialised as `{ "kind": "trace-compile", ... }` objects with camelCase fields.

use serde::Serialize;

/// One thing a JIT tier did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "camelCase")]
pub enum Event {
    /// A loop's back-edge counter reached the threshold.
    LoopHot { func: String, pc: u32, line: u32, col: u32 },
    /// Recording of a trace began at a loop header.
    TraceStart { trace: u32, func: String, pc: u32, line: u32 },
    /// Recording stopped without a trace.
    TraceAbort { func: String, pc: u32, line: u32, reason: String },
    /// A trace was optimized and compiled to JavaScript.
    TraceCompile { trace: u32, func: String, line: u32, ir_ins: u32, ir_opt_ins: u32, js_bytes: u32, compile_us: f64 },
    /// A trace left through guard `exit`, `count` times in this run; the interpreter
    /// resumed at `pc` of `func` (source line `line`).
    TraceExit { trace: u32, exit: u32, count: u64, func: String, pc: u32, line: u32 },
    /// A side trace was attached to a parent trace's exit, which resumes at `pc` of `func`
    /// (source line `line`).
    SideTrace { trace: u32, parent: u32, exit: u32, func: String, pc: u32, line: u32 },
    /// A loop stopped being recorded after repeated aborts.
    Blacklist { func: String, pc: u32, line: u32 },
    /// The template tier compiled a function: bytecode instructions, JS size, and the
    /// time of our code generation and of `new Function`. `entry` is 0 for the code calls
    /// enter, or the pc of the loop header where the interpreter hands a running frame
    /// over (that code holds only what is reachable from there).
    TemplateCompile { func: String, proto: u32, entry: u32, line: u32, instructions: u32, js_bytes: u32, codegen_us: f64, js_us: f64 },
    /// The template tier could not compile a function (a bug: it is interpreted instead).
    TemplateFail { func: String, reason: String },
    /// JIT compilation is impossible here (e.g. a CSP forbids `new Function`); the
    /// interpreter runs everything.
    JitUnavailable { reason: String },
}

std::thread_local! {
    /// Events pushed so far by any tier in this thread: their order across logs.
    static SEQUENCE: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// One tier's events, each numbered as it is pushed so that the logs of the tiers of one
/// run (traces and templates under `auto`) merge back into the order they happened in.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    items: Vec<(u64, Event)>,
}

impl EventLog {
    pub fn push(&mut self, event: Event) {
        let n = SEQUENCE.with(|s| {
            let n = s.get();
            s.set(n + 1);
            n
        });
        self.items.push((n, event));
    }

    /// The events of two logs, in the order they were pushed (each log is in that order
    /// already: merged, not sorted, which keeps a sort's code out of the Wasm module).
    pub fn merge(a: EventLog, b: EventLog) -> Vec<Event> {
        let mut out = Vec::with_capacity(a.items.len() + b.items.len());
        let (mut a, mut b) = (a.items.into_iter().peekable(), b.items.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some((x, _)), Some((y, _))) => if x < y { a.next() } else { b.next() },
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => return out,
            };
            out.extend(next.map(|(_, e)| e));
        }
    }
}
