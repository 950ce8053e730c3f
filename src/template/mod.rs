//! Tier 1: the template tier — copy-and-patch in JavaScript.
//!
//! Each bytecode function is compiled, as a whole, by concatenating one JavaScript
//! stencil per instruction (`stencils-js/`, embedded by [`stencil`]) with their holes
//! patched ([`compile`]), and handed to `new Function` (`runtime.js`). The analyses are
//! few and cheap: the static stack depth, the control flow's structure, and
//! the types a forward dataflow proves (so that an integer `Add` needs no type test).
//! Compile speed is the point, and the benchmark measures it.
//!
//! * [`stencil`] — the embedded stencils, minification, hole patching;
//! * [`structure`] — jumps as JS's labelled blocks and loops;
//! * [`types`] — the slots' types proved at each instruction, which pick stencil variants;
//! * [`compile`] — bytecode function → JS source (the shape is documented there);
//! * [`runtime`] — the helpers generated code calls for slow paths (raw Wasm exports),
//!   and the JS half (`runtime.js`);
//! * [`enter`] — entering template code from the interpreter and taking back the
//!   frames it hands over.
//!
//! # Policy
//! Under `--tier template` every function is compiled on its first call (the top level
//! before it starts). Under `auto` with `hotFunc` given, a function is compiled after
//! `2 × hotFunc` calls, and a function
//! whose loop the trace tier gave up on is compiled and entered at that loop's header.
//! Without `hotFunc`, `auto` has no template tier at all. Measured (bench/README.md):
//! template code is slower than the interpreter wherever helpers dominate (strings,
//! hashes, closures: 0.6x), and compiling after `2 × hotFunc` calls or for loops the
//! trace tier blacklisted made `auto` up to 40% slower than `trace` (string_build 0.61 vs
//! 1.00, quicksort 2.24 vs 3.00, higher_order 6.2 vs 9.0); measured again at 1f6ea18,
//! string_build 1.62x and quicksort 1.36x slower with templates. The price: on `collatz`
//! and `branchy`, where template code now beats traces, `auto` runs at trace speed (31%
//! and 11% behind template in the run of bench/README.md). With `hotFunc` the tests
//! exercise all three tiers in one run.
//! Calls count the same from the interpreter and from template code: template code calls
//! compiled functions directly, and a function without code through
//! [`runtime::compile_call`], which counts the call and compiles the function if that
//! makes it hot; only if it still has no code does the caller hand over to the
//! interpreter. Loops in template code count down the trace tier's per-loop
//! counters and hand a hot loop to the interpreter, which records and enters the trace.

pub mod compile;
pub mod enter;
pub mod runtime;
pub mod stencil;
pub mod structure;
pub mod types;

use crate::bytecode::{Program, Proto};
use crate::clock::now_us;
use crate::jit::Event;

/// Calls a frame entered from the interpreter may make in JavaScript before handing over
/// (each nested call is a JS call; this bounds the engine's stack use).
pub const MAX_JS_DEPTH: u32 = 200;

/// The share of V8's stack (about 1 MB in node) one entry's JS calls may take.
pub const TEMPLATE_JS_STACK: usize = 256 << 10;

/// The estimated V8 stack of one JS frame of a function's template code: per slot of its
/// frame (three JS variables each), per byte of its bytecode (V8's interpreter gives each
/// `const` of each stencil a register of its own: a call or an index takes two), and
/// fixed. Measured on node 20: 3,000 locals ran the stack out 20 calls deep, about 17
/// bytes a slot; 283 `g(n);` statements (2,547 bytes of bytecode) 200 calls deep, about
/// 2 bytes a bytecode byte (a bug hunt found that, when only slots were counted: a
/// `stack overflow` the interpreter does not have).
const JS_BYTES_PER_SLOT: usize = 24;
const JS_BYTES_PER_CODE_BYTE: usize = 8;
const JS_BYTES_PER_FRAME: usize = 256;

/// The unit of the call-depth budget (`tpl_cap`): a frame costs its estimate in these,
/// and at least one, so the budget also bounds the number of JS frames.
const JS_FRAME_UNIT: usize = TEMPLATE_JS_STACK / MAX_JS_DEPTH as usize;

/// At most this many (instruction, slot) pairs in the type dataflow of one function
/// (`types::known_tags` keeps the slots' tags before every instruction).
const MAX_TYPE_CELLS: usize = 1 << 22;

/// What one JS frame of `p`'s template code costs of the call-depth budget, in
/// [`JS_FRAME_UNIT`]s: a caller at depth `D` calls only while `D + cost` stays within the
/// budget, and passes that on. The callee's own frame is not charged there, so an entry's
/// JS frames take at most the budget's share of V8's stack plus one frame, itself at most
/// that share ([`too_large`]); measured, the estimates leave a margin of 2.8x and more
/// (the bug hunt's programs still agreed with node's stack cut from 984 to 350 KB).
pub fn js_frame_units(p: &Proto) -> u32 {
    js_frame_bytes(p).div_ceil(JS_FRAME_UNIT).max(1) as u32
}

fn js_frame_bytes(p: &Proto) -> usize {
    JS_BYTES_PER_SLOT * (p.frame_size() + 1) + JS_BYTES_PER_CODE_BYTE * p.code.len() + JS_BYTES_PER_FRAME
}

/// Why function `p` (`instructions` long, typing `tag_slots` slots) gets no template code,
/// if it is too large for it: a JS frame that alone would take the entry's share of V8's
/// stack, or a type dataflow too large (instructions × slots; a function of 30,000 locals
/// ran Wasm memory out there). It runs in the interpreter.
pub fn too_large(p: &Proto, instructions: usize, tag_slots: usize) -> Option<String> {
    let frame = js_frame_bytes(p);
    if frame > TEMPLATE_JS_STACK {
        return Some(format!("function too large: its JS frame would take about {} KiB of the engine's stack (at most {} KiB)", frame >> 10, TEMPLATE_JS_STACK >> 10));
    }
    if instructions.saturating_mul(tag_slots) > MAX_TYPE_CELLS {
        return Some(format!("function too large: {instructions} instructions of {tag_slots} slots to type"));
    }
    None
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FnState {
    Counting(u32),
    Compiled,
    /// Could not be compiled (reported once); always interpreted.
    Failed,
}

/// Per-function compile cost, for `--stats` and the benchmark.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompileStats {
    pub functions: usize,
    pub instructions: u64,
    pub js_bytes: u64,
    /// Our code generation (stencil copy and patch), µs.
    pub codegen_us: f64,
    /// `new Function` and making the function (V8 parses the source), µs.
    pub js_us: f64,
}

/// The template tier's state for one run.
pub struct TemplateJit {
    /// Calls before compiling; 0: compile on the first call.
    hot_calls: u32,
    funcs: Vec<FnState>,
    /// Code entered at a loop header, per (function, header pc): true when compiled,
    /// false when it could not be.
    entries: std::collections::HashMap<(u32, u32), bool>,
    pub stats: CompileStats,
    pub events: crate::jit::event::EventLog,
    /// Append compiled source to [`Self::dump`].
    dump_js: bool,
    pub dump: String,
    /// Set when `new Function` is unavailable: nothing more is compiled.
    pub disabled: bool,
    /// Set when the engine's own stack ran out inside template code (a `RangeError`: the
    /// host called `run` with little of it left, as the call-depth budget keeps within
    /// [`TEMPLATE_JS_STACK`]). The frames in JS variables are lost, so the run ends with
    /// `stack overflow`, and [`crate::api::run`] runs the program again without templates.
    pub stack_ran_out: bool,
    /// The most stack slots one call of any function takes (its callee slot and frame),
    /// over the first `.1` functions of the program.
    max_frame: (usize, usize),
}

impl TemplateJit {
    /// `hot_calls`: calls before compiling (0: on the first call, the `template` tier).
    pub fn new(program: &Program, hot_calls: u32, dump_js: bool) -> TemplateJit {
        runtime::init(program.protos.len());
        TemplateJit {
            hot_calls,
            funcs: vec![FnState::Counting(0); program.protos.len()],
            entries: Default::default(),
            stats: CompileStats::default(),
            events: Default::default(),
            dump_js,
            dump: String::new(),
            disabled: crate::jit::runtime::unavailable(),
            stack_ran_out: false,
            max_frame: (1, 0),
        }
    }

    /// The most stack slots one call of any function of `program` takes: its callee slot
    /// and its frame (a session's program gains functions).
    pub fn max_frame(&mut self, program: &Program) -> usize {
        if self.max_frame.1 != program.protos.len() {
            let most = program.protos.iter().map(|p| p.frame_size() + 1).max().unwrap_or(1);
            self.max_frame = (most, program.protos.len());
        }
        self.max_frame.0
    }

    /// Whether `proto` has template code.
    #[inline]
    pub fn has_code(&self, proto: u32) -> bool {
        self.funcs.get(proto as usize) == Some(&FnState::Compiled)
    }

    /// Whether every function is compiled on its first call (the `template` tier).
    pub fn eager(&self) -> bool {
        self.hot_calls == 0
    }


    /// The interpreter calls `proto`: true when it should run as template code (compiling
    /// it now if it just became hot).
    #[inline]
    pub fn on_call(&mut self, program: &Program, proto: u32, env: &compile::Env) -> bool {
        match self.funcs.get_mut(proto as usize) {
            Some(FnState::Compiled) => true,
            Some(FnState::Counting(n)) => {
                *n += 1;
                if *n > self.hot_calls {
                    self.compile(program, proto, env)
                } else {
                    false
                }
            }
            _ => false,
        }
    }

    /// Compile `proto` now (unless it was tried); true when it has code.
    pub fn compile(&mut self, program: &Program, proto: u32, env: &compile::Env) -> bool {
        match self.funcs.get(proto as usize) {
            Some(FnState::Compiled) => return true,
            Some(FnState::Failed) | None => return false,
            _ => {}
        }
        let ok = self.compile_at(program, proto, 0, env);
        self.funcs[proto as usize] = if ok { FnState::Compiled } else { FnState::Failed };
        ok
    }

    /// Whether `proto` has code entered at its loop header `pc`.
    #[inline]
    pub fn has_entry(&self, proto: u32, pc: u32) -> bool {
        self.entries.get(&(proto, pc)) == Some(&true)
    }

    /// Compile `proto`'s code entered at its loop header `pc` (unless it was tried); true
    /// when it has that code.
    pub fn compile_entry(&mut self, program: &Program, proto: u32, pc: u32, env: &compile::Env) -> bool {
        if let Some(&done) = self.entries.get(&(proto, pc)) {
            return done;
        }
        let ok = self.compile_at(program, proto, pc, env);
        self.entries.insert((proto, pc), ok);
        ok
    }

    fn compile_at(&mut self, program: &Program, proto: u32, entry: u32, env: &compile::Env) -> bool {
        // Either tier may find out first that `new Function` is forbidden; it is reported once.
        if self.disabled || crate::jit::runtime::unavailable() {
            self.disabled = true;
            return false;
        }
        let p = &program.protos[proto as usize];
        let t0 = now_us();
        let compiled = compile::compile(program, proto, entry, env);
        let t1 = now_us();
        let compiled = match compiled {
            Ok(c) => c,
            Err(reason) => {
                self.events.push(Event::TemplateFail { func: p.name.clone(), reason });
                return false;
            }
        };
        let frame_bytes = 16 * p.frame_size() as u32;
        let Some(js_us) = runtime::compile(&compiled.source, proto, entry, p.arity() as u32, frame_bytes) else {
            self.disabled = true;
            crate::jit::runtime::set_unavailable();
            self.events.push(Event::JitUnavailable { reason: crate::api::UNAVAILABLE_REASON.into() });
            return false;
        };
        let codegen_us = t1 - t0;
        self.stats.functions += 1;
        self.stats.instructions += u64::from(compiled.instructions);
        self.stats.js_bytes += compiled.source.len() as u64;
        self.stats.codegen_us += codegen_us;
        self.stats.js_us += js_us;
        self.events.push(Event::TemplateCompile {
            func: p.name.clone(),
            proto,
            entry,
            line: p.pos.line,
            instructions: compiled.instructions,
            js_bytes: compiled.source.len() as u32,
            codegen_us,
            js_us,
        });
        if self.dump_js {
            use std::fmt::Write;
            let _ = writeln!(
                self.dump,
                "---- TEMPLATE {}{} (function {proto}, {} instructions, {} bytes)\n{}\n",
                p.name,
                if entry == 0 { String::new() } else { format!(" entered at pc {entry}") },
                compiled.instructions,
                compiled.source.len(),
                compiled.annotated(program, proto)
            );
        }
        true
    }
}
