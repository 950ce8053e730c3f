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
