//! The embedding API: run a program, keep a REPL session, list bytecode.
//!
//! The CLIs and the Wasm bindings are thin layers over these functions.

use std::fmt;

use serde::Serialize;

use crate::bytecode::{disasm, Program};
use crate::clock::now_us;
use crate::compiler;
use crate::jit::opt::PassSet;
use crate::jit::tier::{DEFAULT_HOT_FUNC, DEFAULT_HOT_LOOP};
use crate::template::{CompileStats, TemplateJit};
use crate::jit::event::EventLog;
use crate::jit::{Dumps, Event, TraceJit};
use crate::syntax::{self, SourceError};
use crate::vm::{print, value::Value, Vm, VmStats};

/// Execution tiers (DESIGN.md). Only those compiled into this build can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Interp,
    Template,
    Trace,
    Native,
    #[default]
    Auto,
}

impl Tier {
    pub const NAMES: [&'static str; 5] = ["interp", "template", "trace", "native", "auto"];

    pub fn parse(name: &str) -> Option<Tier> {
        Some(match name {
            "interp" => Tier::Interp,
            "template" => Tier::Template,
            "trace" => Tier::Trace,
            "native" => Tier::Native,
            "auto" => Tier::Auto,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Tier::Interp => "interp",
            Tier::Template => "template",
            Tier::Trace => "trace",
            Tier::Native => "native",
            Tier::Auto => "auto",
        }
    }

    /// The tier that actually runs, `None` for a tier this build lacks. `auto` tiers up
    /// through what the build has: in Wasm, interpreter → template → trace; natively,
    /// the interpreter.
    pub fn resolve(self) -> Option<Tier> {
        // Templates and traces compile to JavaScript: they need a JS engine, i.e. the
        // Wasm build.
        let has_js = cfg!(target_arch = "wasm32");
        match self {
            Tier::Interp => Some(Tier::Interp),
            Tier::Auto if has_js => Some(Tier::Auto),
            Tier::Auto => Some(Tier::Interp),
            Tier::Trace | Tier::Template if has_js => Some(self),
            Tier::Native if crate::native::AVAILABLE => Some(self),
            Tier::Template | Tier::Trace | Tier::Native => None,
        }
    }
}

/// Options of [`run`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub tier: Tier,
    /// Stop with `step limit exceeded` after this many loop iterations plus calls.
    pub max_steps: Option<u64>,
    /// Stop with `out of memory` when a collection finds more than this many (estimated)
    /// bytes live; default [`crate::vm::heap::DEFAULT_HEAP_LIMIT`].
    pub max_heap: Option<u64>,
    /// Back-edges before a loop is recorded (trace tier); default [`DEFAULT_HOT_LOOP`].
    pub hot_loop: Option<u32>,
    /// Recursive calls before a function trace is recorded (default [`DEFAULT_HOT_FUNC`]);
    /// under `auto`, when given, twice this is the calls before a function is
    /// template-compiled (without it `auto` compiles no templates: see `template`).
    pub hot_func: Option<u32>,
    /// Trace optimizer passes to run.
    pub passes: PassSet,
    /// JIT internals to dump into [`Outcome::dump`].
    pub dumps: Dumps,
    /// The host found too little of the engine's stack left for JIT code (about
    /// [`JIT_STACK`]): the JIT tiers run the interpreter, after a `jit-unavailable` event.
    /// JIT code that ran the stack out inside a Rust helper would leave the module's
    /// state half-updated (a `RefCell` still borrowed: every later JIT run failed with
    /// "unreachable"; found in review), so it must not start.
    pub low_stack: bool,
}

/// The engine's stack JIT code may need below `run` (js/api.js checks it): the template
/// tier's share ([`crate::template::TEMPLATE_JS_STACK`]) and the Wasm helpers' frames.
pub const JIT_STACK: usize = 320 << 10;

/// Timings and counters of one run.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// The tier that ran.
    pub tier: &'static str,
    pub parse_us: f64,
    pub compile_us: f64,
    pub run_us: f64,
    /// Compiled functions (including the top level).
    pub functions: usize,
    /// Bytecode size in bytes, all functions.
    pub bytecode_bytes: usize,
    /// Traces compiled, and the time spent recording-to-JS (µs), in the trace tier.
    pub traces: usize,
    pub jit_compile_us: f64,
    /// Bytecode instructions the traces compiled covered (recorded), for µs/instruction.
    pub trace_instructions: u64,
    /// Calls of function traces abandoned (an exit below the entry level, the recursion
    /// limit, the step limit or a collection due): the interpreter ran them again from
    /// the entry.
    pub trace_abandons: u64,
    /// What the template tier compiled and what it cost.
    pub template: CompileStats,
    /// What the native tier compiled and what it cost (not in the Wasm build's stats:
    /// it has no native tier).
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub native: crate::native::NativeStats,
    pub vm: VmStats,
}

/// What a run produced: `stdout`, then either `result` (printed form) or `error`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Outcome {
    pub stdout: String,
    pub result: Option<String>,
    pub error: Option<String>,
    pub stats: Stats,
    /// What the JIT tiers did, in order (empty under the interpreter).
    pub events: Vec<Event>,
    /// The JIT dumps asked for in [`Options::dumps`] (IR, optimized IR, JS).
    pub dump: String,
}

/// The tiers this build can run, by name (`auto` included).
pub fn available_tiers() -> Vec<&'static str> {
    [Tier::Interp, Tier::Template, Tier::Trace, Tier::Native]
        .into_iter()
        .filter(|t| t.resolve() == Some(*t))
        .map(Tier::name)
        .chain(["auto"])
        .collect()
}

/// Join syntax or compile errors one per line.
pub fn format_errors(errors: &[SourceError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// Why `jit-unavailable` is reported when `new Function` is forbidden.
pub const UNAVAILABLE_REASON: &str = "new Function is not allowed here (Content-Security-Policy?)";

/// Run `source`, collecting its output.
///
/// Should the engine's stack run out inside template code (the host called this with
/// little of it left: the template tier's call-depth budget assumes
/// [`crate::template::TEMPLATE_JS_STACK`] of it), the frames held in JS variables are
/// lost, so the program is run again from the start without template code, after a
/// `jit-unavailable` event. Its output was only collected, so nothing is seen twice.
pub fn run(source: &str, options: &Options) -> Outcome {
    let mut stdout = String::new();
    let (mut outcome, stack_ran_out) = run_inner(source, options, &mut stdout, true);
    if stack_ran_out {
        stdout.clear();
        (outcome, _) = run_inner(source, options, &mut stdout, false);
        let reason = "the engine's stack ran out in template code (run() was called with little of it left): the program ran again without template code";
        outcome.events.insert(0, Event::JitUnavailable { reason: reason.into() });
    }
    outcome.stdout = stdout;
    outcome
}

/// Run `source`, streaming `puts` output to `out` (the returned `stdout` is empty).
/// Streamed output cannot be taken back, so this never runs a program again as [`run`]
/// may: for the native CLI, whose build has no template tier.
pub fn run_to(source: &str, options: &Options, out: &mut dyn fmt::Write) -> Outcome {
    run_inner(source, options, out, true).0
}

/// [`run_to`], with or without template code; and whether the engine's stack ran out in
/// template code.
fn run_inner(source: &str, options: &Options, out: &mut dyn fmt::Write, templates: bool) -> (Outcome, bool) {
    let mut outcome = Outcome::default();
    let Some(tier) = options.tier.resolve() else {
        outcome.error = Some(match options.tier {
            Tier::Native => crate::native::UNAVAILABLE.to_string(),
            _ => format!("tier `{}` is not available in this build", options.tier.name()),
        });
        return (outcome, false);
    };
    outcome.stats.tier = tier.name();
    let t0 = now_us();
    let ast = syntax::parse(source);
    let t1 = now_us();
    outcome.stats.parse_us = t1 - t0;
    let ast = match ast {
        Ok(ast) => ast,
        Err(errors) => {
            outcome.error = Some(format_errors(&errors));
            return (outcome, false);
        }
    };
    let mut program = Program::default();
    let entry = compiler::compile(&mut program, &ast);
    let t2 = now_us();
    outcome.stats.compile_us = t2 - t1;
    outcome.stats.functions = program.protos.len();
    outcome.stats.bytecode_bytes = program.protos.iter().map(|p| p.code.len()).sum();
    let entry = match entry {
        Ok(entry) => entry,
        Err(errors) => {
            outcome.error = Some(format_errors(&errors));
            return (outcome, false);
        }
    };
    if options.dumps.bytecode {
        outcome.dump = format!("---- BYTECODE\n{}", disasm::disassemble(&program, 0));
    }
    // A host found earlier to forbid `new Function` (the JIT tiers then start switched
    // off): each run still says so, where the tiers would report it once. Too little
    // stack: no JIT code at all.
    let jit_tier = matches!(tier, Tier::Template | Tier::Trace | Tier::Auto);
    let known_unavailable = jit_tier && crate::jit::runtime::unavailable();
    let low_stack = jit_tier && options.low_stack && !known_unavailable;
    let templates = templates && !low_stack;
    let mut vm = Vm::new();
    vm.set_max_steps(options.max_steps);
    if let Some(bytes) = options.max_heap {
        vm.heap.set_limit(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    if matches!(tier, Tier::Trace | Tier::Auto) && !low_stack {
        let hot_loop = options.hot_loop.unwrap_or(DEFAULT_HOT_LOOP);
        let hot_func = options.hot_func.unwrap_or(DEFAULT_HOT_FUNC);
        vm.jit = Some(Box::new(TraceJit::new(&program, hot_loop, hot_func, options.passes, options.dumps)));
    }
    match tier {
        _ if !templates => {}
        Tier::Template => vm.tpl = Some(Box::new(TemplateJit::new(&program, 0, options.dumps.template))),
        // Only when asked for (see `template`'s policy); twice the function-trace
        // threshold, so that a recursive function starts its trace's recording first
        // (the recursion the recorder skips may then reach the template threshold and
        // run in template code while the recording waits).
        Tier::Auto => {
            if let Some(n) = options.hot_func {
                vm.tpl = Some(Box::new(TemplateJit::new(&program, n.saturating_mul(2).max(1), options.dumps.template)));
            }
        }
        _ => {}
    }
    #[cfg(native_tier)]
    if tier == Tier::Native {
        match crate::native::NativeJit::new(&program, options.dumps.native) {
            Ok(jit) => {
                if options.dumps.native {
                    outcome.dump.push_str(&jit.dump(&program));
                }
                vm.native = Some(Box::new(jit));
            }
            Err(e) => {
                outcome.error = Some(e);
                return (outcome, false);
            }
        }
    }
    let result = vm.run(&program, entry, out);
    outcome.stats.run_us = now_us() - t2;
    outcome.stats.vm = vm.stats();
    // The tiers' events in the order they happened, then the traces' exit counts.
    let (mut trace_events, mut template_events) = (EventLog::default(), EventLog::default());
    let mut exit_events = vec![];
    if let Some(mut jit) = vm.jit.take() {
        outcome.stats.traces = jit.traces.len();
        outcome.stats.jit_compile_us = jit.compile_us;
        outcome.stats.trace_instructions = jit.recorded_instructions;
        outcome.stats.trace_abandons = jit.abandoned_calls;
        trace_events = std::mem::take(&mut jit.events);
        exit_events = jit.exit_events(&program);
        outcome.dump.push_str(&jit.dump_text);
    }
    #[cfg(native_tier)]
    if let Some(jit) = vm.native.take() {
        outcome.stats.native = jit.stats;
    }
    let mut stack_ran_out = false;
    if let Some(tpl) = vm.tpl.take() {
        stack_ran_out = tpl.stack_ran_out;
        outcome.stats.template = tpl.stats;
        template_events = tpl.events;
        outcome.dump.push_str(&tpl.dump);
    }
    if known_unavailable {
        outcome.events.push(Event::JitUnavailable { reason: UNAVAILABLE_REASON.into() });
    }
    if low_stack {
        let reason = format!("too little of the engine's stack is left where run() was called (JIT code needs about {} KiB): the interpreter ran the program", JIT_STACK >> 10);
        outcome.events.push(Event::JitUnavailable { reason });
    }
    outcome.events.extend(EventLog::merge(trace_events, template_events));
    outcome.events.extend(exit_events);
    match result {
        Ok(value) => match print_result(&vm, &program, value) {
            Ok(text) => outcome.result = Some(text),
            Err(e) => outcome.error = Some(e),
        },
        Err(e) => outcome.error = Some(e.to_string()),
    }
    (outcome, stack_ran_out)
}

/// The printed form of a program's result, or the error of printing it (printing is
/// the program's last act but no instruction's, so the error has no position).
fn print_result(vm: &Vm, program: &Program, value: Value) -> Result<String, String> {
    print::to_display_string(&vm.heap, program, value).map_err(|e| format!("runtime error: {e}"))
}

/// The bytecode listing of `source`, or its syntax/compile errors.
pub fn disassemble(source: &str) -> Result<String, String> {
    let ast = syntax::parse(source).map_err(|e| format_errors(&e))?;
    let mut program = Program::default();
    compiler::compile(&mut program, &ast).map_err(|e| format_errors(&e))?;
    Ok(disasm::disassemble(&program, 0))
}

/// A REPL session: globals and the heap persist from one entry to the next.
#[derive(Default)]
pub struct Session {
    program: Program,
    vm: Vm,
}

impl Session {
    pub fn new() -> Self {
        Session::default()
    }

    /// Evaluate one entry; `puts` output goes to `out`. Returns the printed result or
    /// the error text.
    pub fn eval(&mut self, source: &str, out: &mut dyn fmt::Write) -> Result<String, String> {
        let ast = syntax::parse(source).map_err(|e| format_errors(&e))?;
        let entry = compiler::compile(&mut self.program, &ast).map_err(|e| format_errors(&e))?;
        let value = self.vm.run(&self.program, entry, out).map_err(|e| e.to_string())?;
        print_result(&self.vm, &self.program, value)
    }

    /// The bytecode of the entry most recently compiled... and everything since `first`.
    pub fn disassemble_from(&self, first: usize) -> String {
        disasm::disassemble(&self.program, first)
    }

    /// Number of functions compiled so far.
    pub fn function_count(&self) -> usize {
        self.program.protos.len()
    }
}
