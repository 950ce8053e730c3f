//! The template compiler: one bytecode function → one JavaScript function, by copying
//! each instruction's stencil and patching its holes.
//!
//! # Shape of the output
//! ```text
//! "use strict"; let H8 = …, H32 = …, F64 = …; function fresh() { … }   // views of Wasm memory
//! function CC(p) { … }                      // compile a callee (if the function calls)
//! return function f(B, C, D, st) {           // frame base address, closure, JS depth,
//!                                           // steps left
//!   if (H8.length === 0) fresh();           // memory grew since this function last ran
//!   const B4 = B >>> 2; let pc = 0, nd = 0, it = 0, t0 = 0, a0 = 0, b0 = 0, …;
//!   <load the frame's slots live at the entry from memory>
//!   x: {
//!     <stencil> <stencil> …                  // straight-line code
//!     b40: { … break b40; … }                // a forward jump: `break` to after the block
//!     l12: for (;;) { … continue l12; … }    // a loop: its back-edge is `continue`
//!   }
//!   <hand over: write locals and the nd live operand slots back, record the frame> return -1;
//! }
//! ```
//! A call returns the steps left (`st`, the budget of calls and back-edges, which the
//! caller passes on: see Call.js, Loop.js), or -1 when it handed over. The steps and the
//! loop iterations a frame counted (`it`) go to memory only when control leaves JS code
//! or calls into the runtime (`$SAVE_STEPS`, `$LOAD_STEPS`: a helper that allocates may
//! set the budget aside for the collector).
//! There is one such function per entry: pc 0, for calls, and, compiled when the
//! interpreter hands a running frame over at a loop's back-edge, one entered at that
//! loop's header (holding only the code reachable from there).
//!
//! Every slot of the frame (locals, then operand-stack slots; the depth at each pc is
//! static) is three JS variables: `t` the tag, `a` the low 32 bits of the payload, `b` the
//! high 32 bits — the value layout of `vm::value`, unpacked. V8 keeps them in registers;
//! memory is touched only where another party reads it: globals, heap objects, a callee's
//! arguments, and the whole frame when control goes back to the interpreter.
//!
//! Control flow is structured (`structure`): the bytecode's loops become JS loops and its
//! forward jumps labelled blocks, so V8 sees the program's own loops and joins. It was a
//! `for (;;) switch (pc)` dispatch loop before; measured over the suite the structured
//! form made template code 1.07x -> 1.31x the interpreter (geomean; collatz 3.6x -> 4.2x).
//!
//! Handing over (`$SUSPEND`): the frame is written back to memory and recorded (proto,
//! closure, base, pc, stack height) in the context block, and the function returns 1;
//! each JS caller then records its own frame, resuming after its call. The interpreter
//! pushes the recorded frames and continues at the innermost pc — which re-executes the
//! instruction that handed over (slow paths that fail, calls of functions that have no
//! code even after their call was counted, errors: the interpreter reports them with its
//! own message and position).

use std::fmt::Write;

use super::stencil;
use super::structure::{self, Edge, Item};
use super::types::{self, Tag};
use crate::bytecode::{instructions, Constant, Instr, Op, Program};
use crate::vm::value::tag;

/// Addresses the generated code is compiled against (byte addresses in Wasm memory).
#[derive(Clone, Copy, Debug)]
pub struct Env {
    pub globals: u32,
    pub consts: u32,
    /// The JIT context block (`jit::runtime::JitCtx`).
    pub ctx: u32,
    /// The trace tier's per-loop countdowns and this function's first loop's index in
    /// them, when hot loops should be handed to the trace tier.
    pub countdown: Option<(u32, u32)>,
    /// What a JS frame of the function costs of the call-depth budget
    /// ([`super::js_frame_units`]).
    pub cost: u32,
}

impl Env {
    /// Context-block field `field` (an offset from [`ctx`]) as an index of the `H32` view.
    fn word(&self, field: u32) -> u32 {
        (self.ctx + field) / 4
    }

    /// The addresses code of `proto` is compiled against, for a run whose globals and
    /// constants are at `globals` and `consts`, with the trace tier's state `jit` if any.
    pub fn new(globals: u32, consts: u32, jit: Option<&crate::jit::TraceJit>, proto: u32) -> Env {
        Env {
            globals,
            consts,
            ctx: crate::jit::runtime::ctx() as *const _ as usize as u32,
            countdown: jit.map(|j| {
                let (addr, first) = j.countdown_of(proto);
                (addr as u32, first)
            }),
            cost: 1,
        }
    }
}

/// Re-derive the views of memory if it grew (growing detaches the old buffer): after
/// anything that may have allocated in Wasm.
const REFRESH: &str = "if(H8.length===0)fresh();";

/// Context block offsets of the fields template code reads and writes.
pub mod ctx {
    use crate::jit::runtime::JitCtx;
    use std::mem::offset_of;

    pub const STEPS: u32 = offset_of!(JitCtx, tpl_steps) as u32;
    pub const ITERS: u32 = offset_of!(JitCtx, tpl_iters) as u32;
    pub const CAP: u32 = offset_of!(JitCtx, tpl_cap) as u32;
    pub const NFRAMES: u32 = offset_of!(JitCtx, tpl_nframes) as u32;
    pub const FRAMES: u32 = offset_of!(JitCtx, tpl_frames) as u32;
    pub const TABLE: u32 = offset_of!(JitCtx, table) as u32;
    // Read through the `H32` view: 4-byte aligned.
    const _: () = assert!(STEPS % 4 == 0 && ITERS % 4 == 0 && CAP % 4 == 0 && FRAMES % 4 == 0 && TABLE % 4 == 0);
}

/// One compiled function.
pub struct Compiled {
    pub source: String,
    /// Bytecode instructions compiled (reachable ones).
    pub instructions: u32,
    /// Where each instruction's code is in `source`, and the stencil it came from:
    /// `(pc, start, end, stencil)`.
    pub pieces: Vec<(usize, usize, usize, &'static str)>,
}

impl Compiled {
    /// The source with each instruction's code on its own line, after a comment naming
    /// it (pc, opcode, source line:column, and the variant if its stencil is one) — the
    /// form of `--dump=template`.
    pub fn annotated(&self, program: &Program, proto: u32) -> String {
        let p = &program.protos[proto as usize];
        let mut out = String::with_capacity(self.source.len() + 40 * self.pieces.len());
        let mut at = 0;
        for &(pc, start, end, stencil) in &self.pieces {
            out.push_str(&self.source[at..start]);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            let op = p.code.get(pc).and_then(|b| Op::from_byte(*b)).map_or("?", Op::name);
            let pos = p.pos_at(pc);
            let variant = if stencil == op { String::new() } else { format!(" ({stencil})") };
            let _ = writeln!(out, "/* {pc:04} {op}{variant} {}:{} */", pos.line, pos.col);
            out.push_str(&self.source[start..end]);
            out.push('\n');
            at = end;
        }
        out.push_str(&self.source[at..]);
        out
    }
}

/// Compile function `proto_index` of `program` for entry at pc `entry`: 0 for calls, or
/// a loop header where the interpreter hands a running frame over.
pub fn compile(program: &Program, proto_index: u32, entry: u32, env: &Env) -> Result<Compiled, String> {
    let proto = &program.protos[proto_index as usize];
    let instrs: Vec<Instr> = instructions(&proto.code).collect();
    let depth = crate::bytecode::verify::stack_depths(proto)?;
    let entry_index = instrs.binary_search_by_key(&(entry as usize), |i| i.pc).map_err(|_| format!("no instruction at entry pc {entry}"))?;
    let entry_depth = depth[entry as usize].ok_or_else(|| format!("entry pc {entry} is unreachable"))?;
    let layout = structure::layout(&instrs, entry_index)?;
    let nl = proto.num_locals as u32;
    let slots = nl + proto.max_stack;
    let promoted = promoted_globals(&layout, &instrs);
    if let Some(reason) = super::too_large(proto, instrs.len(), slots as usize + promoted.len()) {
        return Err(reason);
    }
    let env = &Env { cost: super::js_frame_units(proto), ..*env };
    let tags = types::known_tags(program, &instrs, entry_index, &depth, nl, slots, &promoted);

    let mut s = String::with_capacity(proto.code.len() * 100 + 1024);
    s.push_str(&crate::jit::runtime::compilation_tag());
    s.push_str("\"use strict\";let H8=new Uint8Array(M.buffer),H32=new Int32Array(M.buffer),F64=new Float64Array(M.buffer);");
    s.push_str("function fresh(){H8=new Uint8Array(M.buffer);H32=new Int32Array(M.buffer);F64=new Float64Array(M.buffer)}");
    if instrs.iter().any(|i| i.op == Op::Call) {
        // A callee without code: count the call, compile it if now hot (Call.js).
        s.push_str("function CC(p){if(rt.rt_tpl_compile_call(p)===0)return;fresh();return T[p]}");
    }
    // Called from template code, the arguments come as JS values (`P<k>t`, `P<k>a`,
    // `P<k>b`), not through memory; entered by the interpreter (`D` 0), from its frame.
    let arity = proto.arity() as u32;
    let params: String = if entry == 0 { (0..arity).map(|k| format!(",P{k}t,P{k}a,P{k}b")).collect() } else { String::new() };
    let _ = write!(s, "return(function f{proto_index}{}(B,C,D,st{params}){{{REFRESH}const B4=B>>>2;let pc=0,nd=0", if entry == 0 { String::new() } else { format!("_{entry}") });
    let loops = instrs.iter().any(|i| i.op == Op::Loop);
    if loops {
        s.push_str(",it=0");
    }
    for k in 0..slots {
        let _ = write!(s, ",t{k}=0,a{k}=0,b{k}=0");
    }
    for g in &promoted {
        let _ = write!(s, ",g{g}t=0,g{g}a=0,g{g}b=0");
    }
    s.push(';');
    // Entry: the parameters (the interpreter set the other locals to null), or at a loop
    // header every local and the operand slots live there.
    if entry == 0 {
        s.push_str("if(D===0){");
        (0..arity).for_each(|k| load(&mut s, k));
        s.push_str("}else{");
        for k in 0..arity {
            let _ = write!(s, "t{k}=P{k}t;a{k}=P{k}a;b{k}=P{k}b;");
        }
        s.push('}');
    } else {
        (0..nl + entry_depth).for_each(|k| load(&mut s, k));
    }
    load_globals(&mut s, &promoted, env);
    s.push_str("x:{");

    let pc_of = |b: usize| instrs[layout.blocks[b].first].pc;
    let branch = |o: &mut String, from: usize, to: usize| {
        let _ = match layout.edge(from, to) {
            Edge::Break(b) => write!(o, "break b{};", pc_of(b)),
            Edge::Continue(b) => write!(o, "continue l{};", pc_of(b)),
            Edge::Inline => Ok(()),
        };
    };
    let mut pieces = Vec::with_capacity(instrs.len());
    for item in &layout.items {
        let _ = match *item {
            Item::Block(b) => write!(s, "b{}:{{", pc_of(b)),
            Item::Loop(b) => write!(s, "l{}:for(;;){{", pc_of(b)),
            Item::EndBlock | Item::EndLoop => write!(s, "}}"),
            Item::Code(b) => {
                let blk = &layout.blocks[b];
                // The branch of the block's last instruction, if it is a jump.
                let mut jump = String::new();
                if let Some(t) = blk.jump {
                    branch(&mut jump, b, t);
                }
                let code = &instrs[blk.first..blk.end];
                let callees = builtin_callees(code);
                for (k, (ins, callee)) in code.iter().zip(callees).enumerate() {
                    let d = depth[ins.pc].ok_or_else(|| format!("pc {} has no stack depth", ins.pc))?;
                    let known = tags[blk.first + k].as_deref().unwrap_or(&[]);
                    let start = s.len();
                    let stencil = emit(&mut s, program, ins, d, nl, env, &jump, callee, &promoted, loops, known)?;
                    pieces.push((ins.pc, start, s.len(), stencil));
                }
                if let Some(f) = blk.fall {
                    branch(&mut s, b, f);
                }
                if blk.off_end {
                    let _ = write!(s, "pc={};nd=0;break x;", proto.code.len());
                }
                Ok(())
            }
        };
    }
    let compiled = pieces.len() as u32;
    s.push('}');

    // Hand over to the interpreter: the steps left (unless a callee handed over, which
    // wrote its own), the iterations counted, the frame.
    let _ = write!(s, "{REFRESH}if(st>=0)H32[{}]=st;", env.word(ctx::STEPS));
    if loops {
        flush_iters(&mut s, env);
    }
    sync_globals(&mut s, &promoted, env);
    for k in 0..nl {
        store(&mut s, k);
    }
    if proto.max_stack > 0 {
        s.push_str("switch(nd){");
        for d in (1..=proto.max_stack).rev() {
            let _ = write!(s, "case {d}:");
            store(&mut s, nl + d - 1);
        }
        s.push('}');
    }
    let _ = write!(
        s,
        "const n=H32[{nf}];H32[{nf}]=n+1;const q={fr}+5*n;H32[q]={proto_index};H32[q+1]=C;H32[q+2]=B;H32[q+3]=pc;H32[q+4]={nl}+nd;return -1}})",
        nf = env.word(ctx::NFRAMES),
        fr = env.word(ctx::FRAMES),
    );
    Ok(Compiled { source: s, instructions: compiled, pieces })
}

/// The most globals [`promoted_globals`] keeps in JS variables.
const MAX_PROMOTED: usize = 32;

/// The globals a function keeps in JS variables (`GetGlobalReg.js`): all it reads or
/// writes, when it calls no Monkey code — every `Call` is of a builtin the block itself
/// pushed (builtins read no globals) — and uses at most [`MAX_PROMOTED`]; otherwise none.
/// Nothing else then reads or writes those globals while its code runs (helpers do not;
/// the collector and the interpreter run only after a hand-over), so each is read from
/// memory once at entry and written back at a `Return` and at a hand-over. Measured on
/// top-level loops, whose variables are globals: see `bench/README.md`.
fn promoted_globals(layout: &structure::Layout, instrs: &[Instr]) -> Vec<u32> {
    let mut globals = Vec::new();
    for item in &layout.items {
        let Item::Code(b) = *item else { continue };
        let code = &instrs[layout.blocks[b].first..layout.blocks[b].end];
        for (ins, callee) in code.iter().zip(builtin_callees(code)) {
            match ins.op {
                Op::Call if callee.is_none() => return vec![],
                Op::GetGlobal | Op::SetGlobal if !globals.contains(&ins.args[0]) => globals.push(ins.args[0]),
                _ => {}
            }
        }
    }
    if globals.len() > MAX_PROMOTED {
        globals.clear();
    }
    globals
}

/// The byte address of global `g`.
fn global_addr(env: &Env, g: u32) -> u32 {
    env.globals + 16 * g
}

/// Read the promoted globals from memory into their JS variables.
fn load_globals(s: &mut String, promoted: &[u32], env: &Env) {
    for &g in promoted {
        let (gb, g4) = (global_addr(env, g), global_addr(env, g) / 4);
        let _ = write!(s, "g{g}t=H8[{gb}];g{g}a=H32[{g4}+2];g{g}b=H32[{g4}+3];");
    }
}

/// Add the loop iterations a frame counted (`it`) to the context block's count.
fn flush_iters(s: &mut String, env: &Env) {
    let _ = write!(s, "H32[{}]+=it;", env.word(ctx::ITERS));
}

/// Write the promoted globals back to memory.
fn sync_globals(s: &mut String, promoted: &[u32], env: &Env) {
    for &g in promoted {
        let g4 = global_addr(env, g) / 4;
        let _ = write!(s, "H32[{g4}]=g{g}t;H32[{g4}+2]=g{g}a;H32[{g4}+3]=g{g}b;");
    }
}

/// For each instruction of a basic block: if it is a `Call` whose callee the block itself
/// pushed with `GetBuiltin`, that builtin's id. (The operand stack is followed through the
/// block from its start; a slot the block did not push, or rearranged, is unknown.)
fn builtin_callees(block: &[Instr]) -> Vec<Option<u32>> {
    // What pushed each stack slot, from the block's start (`None`: anything else).
    let mut pushed: Vec<Option<u32>> = vec![];
    block
        .iter()
        .map(|ins| {
            let (pops, pushes) = ins.op.stack_effect(ins.operands());
            let callee = match ins.op {
                Op::Call => pushed.len().checked_sub(ins.args[0] as usize + 1).and_then(|k| pushed[k]),
                _ => None,
            };
            // Popping past the block's own pushes leaves the vector empty: what is below is
            // unknown, and new pushes are counted from there.
            for _ in 0..pops {
                pushed.pop();
            }
            for _ in 0..pushes {
                pushed.push(if ins.op == Op::GetBuiltin { Some(ins.args[0]) } else { None });
            }
            callee
        })
        .collect()
}

fn load(s: &mut String, k: u32) {
    let _ = write!(s, "t{k}=H8[B+{}];a{k}=H32[B4+{}];b{k}=H32[B4+{}];", 16 * k, 4 * k + 2, 4 * k + 3);
}

fn store(s: &mut String, k: u32) {
    let _ = write!(s, "H32[B4+{}]=t{k};H32[B4+{}]=a{k};H32[B4+{}]=b{k};", 4 * k, 4 * k + 2, 4 * k + 3);
}

/// Emit instruction `ins` (stack depth `d` before it) from its stencil; `callee` is the
/// builtin a `Call` is known to call (see [`builtin_callees`]); `promoted` the globals
/// kept in JS variables (see [`promoted_globals`]).
#[allow(clippy::too_many_arguments)]
fn emit(s: &mut String, program: &Program, ins: &Instr, d: u32, nl: u32, env: &Env, jump: &str, callee: Option<u32>, promoted: &[u32], loops: bool, known: &[Tag]) -> Result<&'static str, String> {
    let op = ins.op;
    let arg = ins.args[0];
    let top = nl + d; // first free slot
    // Slots the stencil's operand holes name.
    let (x, y, z, r) = match op {
        Op::SetIndex => (top - 3, top - 2, top - 1, 0),
        Op::Dup2 => (top - 2, top - 1, 0, top),
        Op::Array => (top - arg, 0, 0, top - arg),
        Op::Hash => (top - 2 * arg, 0, 0, top - 2 * arg),
        _ => {
            let (pops, _) = op.stack_effect(ins.operands());
            match pops {
                0 => (0, 0, 0, top),
                1 => (top - 1, 0, 0, top - 1),
                _ => (top - 2, top - 1, 0, top - 2),
            }
        }
    };
    let f = if op == Op::Call { top - 1 - arg } else { 0 };
    // What `types` knows of the operands picks the variants without type tests.
    let known_tag = |slot: u32| known.get(slot as usize).copied().flatten();
    let ints = known_tag(x) == Some(tag::INT) && known_tag(y) == Some(tag::INT);
    let (name, int_const) = match op {
        Op::Const => match program.constants.get(arg as usize) {
            Some(Constant::Int(n)) => ("ConstInt", Some(*n)),
            _ => ("Const", None),
        },
        Op::Call if arg == 1 && callee == Some(crate::vm::builtins::Builtin::Len as u32) => ("CallLen", None),
        Op::Call if callee.is_some() => ("CallBuiltin", None),
        Op::Add if ints => ("AddInt", None),
        Op::Sub if ints => ("SubInt", None),
        Op::Lt if ints => ("LtInt", None),
        Op::Gt if ints => ("GtInt", None),
        Op::LtEq if ints => ("LtEqInt", None),
        Op::GtEq if ints => ("GtEqInt", None),
        Op::Eq if ints => ("EqInt", None),
        Op::NotEq if ints => ("NotEqInt", None),
        Op::JumpIfFalse if known_tag(x) == Some(tag::BOOL) => ("JumpIfFalseBool", None),
        Op::GetGlobal if promoted.contains(&arg) => ("GetGlobalReg", None),
        Op::SetGlobal if promoted.contains(&arg) => ("SetGlobalReg", None),
        _ => (op.name(), None),
    };
    let body = stencil::body(name).ok_or_else(|| format!("no stencil for {name}"))?;
    let suspend = |s: &mut String, pc: usize, depth: u32| {
        let _ = write!(s, "{{pc={pc};nd={depth};break x}}");
    };
    let steps = env.word(ctx::STEPS);
    // After a call into the runtime: the views (memory may have grown) and the step budget
    // (the runtime may have set it aside).
    let load_steps = |s: &mut String| {
        let _ = write!(s, "{REFRESH}st=H32[{steps}];");
    };
    let slot_of = |h: &str| -> Option<u32> {
        Some(match h {
            "X" => x,
            "Y" => y,
            "Z" => z,
            "R" => r,
            "S" => r + 1,
            "F" => f,
            "A" => f + 1, // a call's first argument
            "L" | "C" => arg, // a local named by the first operand
            "U" => ins.args[1],
            _ => return None,
        })
    };
    let captures = || -> Vec<u32> {
        if op != Op::Closure {
            return vec![];
        }
        program.protos[arg as usize]
            .captures
            .iter()
            .filter_map(|c| match c {
                crate::bytecode::Capture::Local(slot) => Some(*slot as u32),
                _ => None,
            })
            .collect()
    };
    let mut fill = |h: &str, o: &mut String| -> bool {
        if let Some(k) = slot_of(h) {
            let _ = write!(o, "{k}");
            return true;
        }
        if let Some(k) = h.strip_suffix('B').and_then(slot_of) {
            let _ = write!(o, "{}", 16 * k);
            return true;
        }
        if let Some(k) = h.strip_prefix("SPILL_").and_then(slot_of) {
            store(o, k);
            return true;
        }
        if let Some(k) = h.strip_prefix("RELOAD_").and_then(slot_of) {
            load(o, k);
            return true;
        }
        // Holes that stand for a number.
        let number: Option<i64> = match h {
            "ARG" | "ARGC" => Some(arg.into()),
            "ARG2" => Some(ins.args[1].into()),
            "TARGET" => Some(ins.args[op.branch_operand().unwrap_or(0)].into()),
            "PC" => Some(ins.pc as i64),
            "OPCODE" => Some(op as i64),
            "LO" => Some((int_const.unwrap_or(0) as i32).into()),
            "HI" => Some(((int_const.unwrap_or(0) >> 32) as i32).into()),
            "KB" => Some((env.consts + 16 * arg).into()),
            "K4" => Some(((env.consts + 16 * arg) / 4).into()),
            "GB" => Some(global_addr(env, arg).into()),
            "G4" => Some((global_addr(env, arg) / 4).into()),
            "CALLEE" => Some((16 * (f + 1)).into()),
            // Context-block fields, as indexes of the `H32` view.
            "TABLE" => Some(env.word(ctx::TABLE).into()),
            "CAP" => Some(env.word(ctx::CAP).into()),
            "COST" => Some(env.cost.into()),
            "NULL" => Some(tag::NULL.into()),
            "BOOL" => Some(tag::BOOL.into()),
            "INT" => Some(tag::INT.into()),
            "STR" => Some(tag::STR.into()),
            "ARRAY" => Some(tag::ARRAY.into()),
            "HASH" => Some(tag::HASH.into()),
            "CLOSURE" => Some(tag::CLOSURE.into()),
            "BUILTIN" => Some(tag::BUILTIN.into()),
            "CELL" => Some(tag::CELL.into()),
            // A packed array's kinds, and its first element from its JIT table pointer
            // (whose low bits are the kind).
            "KIND_BOOLS" => Some(crate::vm::array::kind::BOOLS as i64),
            "BOOLS_AT" => Some(crate::vm::array::BOOLS_AT as i64),
            "INTS_AT" => Some(crate::vm::array::INTS_AT as i64),
            _ => None,
        };
        if let Some(n) = number {
            let _ = write!(o, "{n}");
            return true;
        }
        // Holes that stand for code.
        match h {
            "COUNTDOWN" => match env.countdown {
                Some((addr, first)) => {
                    let _ = write!(o, "--H32[{}]<=0", addr / 4 + first + ins.args[1]);
                }
                None => o.push_str("false"),
            },
            "SUSPEND" => suspend(o, ins.pc, d),
            // A callee handed over: this frame resumes after the call, with the operand
            // slots below the callee's.
            "SUSPEND_AFTER" => suspend(o, ins.next_pc(), f - nl),
            // The branch to the jump operand's block (a `break` or `continue`: see
            // `structure`), computed by the caller.
            "JUMP" => {
                let _ = write!(o, "{{{jump}}}");
            }
            "REFRESH" => o.push_str(REFRESH),
            // Both operands are integers: known (`types`), or tested.
            "INTS" if ints => o.push_str("true"),
            "INTS" => {
                let _ = write!(o, "(t{x}==={int}&&t{y}==={int})", int = tag::INT);
            }
            // Around a call into the runtime (one that allocates may set the budget aside).
            "SAVE_STEPS" => {
                let _ = write!(o, "H32[{steps}]=st;");
            }
            "LOAD_STEPS" => load_steps(o),
            "FLUSH_ITERS" if loops => flush_iters(o, env),
            "FLUSH_ITERS" => {}
            "SYNC_GLOBALS" => sync_globals(o, promoted, env),
            // The shared slow path (`slow` in runtime.js; the operands are adjacent slots).
            "SLOW_BINARY" => {
                let _ = write!(o, "if(S({},B+{},st,t{x},a{x},b{x},t{y},a{y},b{y})){{st=R[3];", op as u8, 16 * x);
                suspend(o, ins.pc, d);
                let _ = write!(o, "}}{REFRESH}st=R[3];t{x}=R[0];a{x}=R[1];b{x}=R[2];");
            }
            // A builtin call's arguments (the builtin writes its result to the callee slot).
            "SPILL_CALL" => (f + 1..=f + arg).for_each(|k| store(o, k)),
            // A call's arguments as JS values, for a compiled callee.
            "ARGS" => {
                let args: Vec<String> = (f + 1..=f + arg).map(|k| format!("t{k},a{k},b{k}")).collect();
                o.push_str(&args.join(","));
            }
            "SPILL_ITEMS" => (x..top).for_each(|k| store(o, k)),
            "SPILL_CAPTURES" => captures().into_iter().for_each(|k| store(o, k)),
            "RELOAD_CAPTURES" => captures().into_iter().for_each(|k| load(o, k)),
            _ => return false,
        }
        true
    };
    stencil::patch(body, s, &mut fill).map_err(|e| format!("{e} in stencil {name}"))?;
    Ok(name)
}
