//! Bytecode → machine code: choose a stencil per instruction, a size pass, then copy and
//! patch into a fresh mapping, which is then made executable.
//!
//! # Layout
//! One mapping holds the whole program: the shared `stop` stub, then per function its
//! hot code (one stencil per reachable instruction, in pc order) followed by its cold
//! stubs (a `slow`/`slow_target` stencil per instruction whose fast path can fail). A
//! stencil's trailing `jmp` is dropped when its destination is what follows it — always
//! for fall-through stencils, for branches when the target is the next instruction — so
//! `Pop` emits nothing and straight-line code has no jumps between instructions.
//!
//! Patch values are range-checked per hole kind ([`holes::patch`]): an offset that does
//! not fit is an error at emit time, never a silently truncated displacement.

// `Hole` and `Kind` are named by the generated table.
#[allow(unused_imports)]
use super::holes::{self, Hole, Kind, Stencil, StencilId, Sym, Tail};
use super::NativeStats;
use crate::bytecode::{verify, Instr, Op, Program, Proto};
use crate::clock::now_us;

include!(concat!(env!("OUT_DIR"), "/stencils.rs"));

/// The emitted code of a whole program.
pub struct Code {
    map: memmap2::Mmap,
    /// Per function, per pc: the offset of the instruction's hot code in the mapping
    /// (`NONE` where no instruction starts, or where the function was not compiled).
    entries: Vec<Vec<u32>>,
    /// Per function, what went where (for `--dump=native`; empty unless asked for).
    pub layout: Vec<Vec<Piece>>,
    pub stats: NativeStats,
}

const NONE: u32 = u32::MAX;

/// One emitted stencil.
#[derive(Clone, Copy, Debug)]
pub struct Piece {
    pub pc: u32,
    pub op: Op,
    pub stencil: StencilId,
    /// Offset in the mapping and length (after dropping the trailing jump).
    pub at: u32,
    pub len: u32,
    /// Whether this is a cold stub rather than hot code.
    pub cold: bool,
}

/// The hole values of one instruction.
#[derive(Clone, Copy, Default)]
struct Values {
    a: u32,
    b: u32,
    c: u32,
    pc: u32,
    height: u32,
    /// Branch target pc.
    target: u32,
}

/// What an instruction becomes: its hot stencil, its cold stub if it has one.
#[inline(always)]
fn select(instr: &Instr, num_locals: u32, depth: u32) -> (StencilId, Option<StencilId>, Values) {
    use StencilId as S;
    let h = num_locals + depth;
    let slot = |k: u32| k * 16;
    let arg = instr.args[0];
    let mut v = Values { pc: instr.pc as u32, height: h, ..Values::default() };
    let (hot, cold) = match instr.op {
        Op::Const => {
            v.a = slot(h);
            v.c = slot(arg);
            (S::Constant, None)
        }
        Op::Null | Op::True | Op::False => {
            v.a = slot(h);
            (match instr.op { Op::Null => S::Null, Op::True => S::True, _ => S::False }, None)
        }
        Op::Pop => (S::Pop, None),
        Op::Dup2 => {
            v.a = slot(h - 2);
            (S::Dup2, None)
        }
        Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Eq | Op::NotEq | Op::Lt | Op::Gt | Op::LtEq | Op::GtEq => {
            v.a = slot(h - 2);
            let s = match instr.op {
                Op::Add => S::Add,
                Op::Sub => S::Sub,
                Op::Mul => S::Mul,
                Op::Div => S::Div,
                Op::Mod => S::Rem,
                Op::Eq => S::Eq,
                Op::NotEq => S::NotEq,
                Op::Lt => S::Lt,
                Op::Gt => S::Gt,
                Op::LtEq => S::LtEq,
                _ => S::GtEq,
            };
            (s, Some(S::Slow))
        }
        Op::Neg => {
            v.a = slot(h - 1);
            (S::Neg, Some(S::Slow))
        }
        Op::Not | Op::ToBool => {
            v.a = slot(h - 1);
            (if instr.op == Op::Not { S::Not } else { S::ToBool }, None)
        }
        Op::Jump => {
            v.target = arg;
            (S::Jump, None)
        }
        Op::JumpIfFalse => {
            v.a = slot(h - 1);
            v.target = arg;
            (S::JumpIfFalse, None)
        }
        Op::Loop => {
            v.target = arg;
            (S::Loop, Some(S::SlowTarget))
        }
        Op::GetGlobal | Op::SetGlobal => {
            v.a = slot(if instr.op == Op::GetGlobal { h } else { h - 1 });
            v.c = slot(arg);
            (if instr.op == Op::GetGlobal { S::GetGlobal } else { S::SetGlobal }, None)
        }
        Op::GetLocal | Op::SetLocal => {
            v.a = slot(if instr.op == Op::GetLocal { h } else { h - 1 });
            v.b = slot(arg);
            (if instr.op == Op::GetLocal { S::GetLocal } else { S::SetLocal }, None)
        }
        Op::GetBuiltin => {
            v.a = slot(h);
            v.c = arg;
            (S::GetBuiltin, None)
        }
        Op::Return => {
            v.a = slot(h - 1);
            (S::Ret, None)
        }
        Op::Index => {
            v.a = slot(h - 2);
            (S::Index, Some(S::Slow))
        }
        Op::SetIndex => {
            v.a = slot(h - 3);
            (S::SetIndex, Some(S::Slow))
        }
        Op::GetFree => {
            v.a = slot(h);
            v.c = arg * 4; // a `Ref` is 4 bytes
            (S::GetFree, None)
        }
        Op::GetCell | Op::SetCell => {
            v.a = slot(if instr.op == Op::GetCell { h } else { h - 1 });
            v.b = slot(arg);
            (if instr.op == Op::GetCell { S::GetCell } else { S::SetCell }, None)
        }
        Op::Call => {
            v.a = slot(h - 1 - arg);
            v.b = arg;
            (S::Call, Some(S::Slow))
        }
        Op::IterNext => {
            v.target = instr.args[2];
            (S::SlowBranch, None)
        }
        Op::MakeCell | Op::SetFree | Op::Closure | Op::CheckKey | Op::Array | Op::Hash | Op::IterInit | Op::RangeCheck => (S::Slow, None),
    };
    (hot, cold, v)
}

/// The reachable instructions of a function with their static stack depths, in pc
/// order. Both passes walk these and choose the same stencils ([`select`] is cheap and
/// pure), so nothing per instruction is stored between them.
struct Function {
    depths: Vec<Option<u32>>,
}

impl Function {
    /// `None` if `proto` does not verify (the interpreter runs it).
    fn new(proto: &Proto) -> Option<Function> {
        Some(Function { depths: verify::stack_depths(proto).ok()? })
    }

    /// Each reachable instruction with its stencils and hole values, and the pc of the
    /// next reachable one (for the trailing-jump decision).
    fn each(&self, proto: &Proto, mut f: impl FnMut(&Instr, StencilId, Option<StencilId>, &Values, Option<u32>) -> Result<(), String>) -> Result<(), String> {
        let num_locals = u32::from(proto.num_locals);
        let reachable = |pc: usize| self.depths.get(pc).copied().flatten();
        let mut next = Instr::decode(&proto.code, 0);
        while let Some(instr) = next {
            next = Instr::decode(&proto.code, instr.next_pc());
            let Some(depth) = reachable(instr.pc) else { continue };
            let mut following = next;
            while let Some(n) = following {
                if reachable(n.pc).is_some() {
                    break;
                }
                following = Instr::decode(&proto.code, n.next_pc());
            }
            let (hot, cold, values) = select(&instr, num_locals, depth);
            f(&instr, hot, cold, &values, following.map(|n| n.pc as u32))?;
        }
        Ok(())
    }
}

/// Hot code length of `hot` for `instr`: without the trailing jump when its destination
/// is the next instruction emitted.
#[inline]
fn hot_len(instr: &Instr, hot: StencilId, values: &Values, next_pc: Option<u32>) -> u32 {
    let stencil = &TABLE[hot as usize];
    let falls_through = match hot.tail() {
        Tail::Ret => false,
        Tail::Continue => next_pc == Some(instr.next_pc() as u32),
        Tail::Target => next_pc == Some(values.target),
    };
    (if falls_through { stencil.short_len() } else { stencil.code.len() }) as u32
}

/// Compile every function of `program` (recording the layout for `--dump=native` when
/// `with_layout`). A function the verifier rejects is left out (the interpreter runs it);
/// an error is returned only for what cannot happen with a correct emitter (a patch
/// value out of range) or when memory cannot be mapped.
pub fn compile(program: &Program, with_layout: bool) -> Result<Code, String> {
    let t0 = now_us();
    let mut stats = NativeStats::default();
    // Size pass: choose stencils, compute every offset.
    let stop = &TABLE[StencilId::Stop as usize];
    let mut at = stop.code.len() as u32;
    let mut functions = Vec::with_capacity(program.protos.len());
    let mut entries = Vec::with_capacity(program.protos.len());
    for proto in &program.protos {
        let mut offsets = vec![NONE; proto.code.len() + 1];
        let Some(function) = Function::new(proto) else {
            functions.push(None);
            entries.push(vec![]);
            continue;
        };
        let mut cold_len = 0;
        let mut count = 0;
        function.each(proto, |instr, hot, cold, values, next_pc| {
            offsets[instr.pc] = at;
            at += hot_len(instr, hot, values, next_pc);
            cold_len += cold.map_or(0, |c| TABLE[c as usize].code.len() as u32);
            count += 1;
            Ok(())
        })?;
        offsets[proto.code.len()] = at;
        at += cold_len;
        stats.functions += 1;
        stats.instructions += count;
        functions.push(Some(function));
        entries.push(offsets);
    }
    let total = at as usize;
    let tm = now_us();
    // Populated up front: one call instead of a page fault per 4 KiB written.
    let mut map = memmap2::MmapOptions::new().len(total.max(1)).populate().map_anon().map_err(|e| format!("cannot map {total} bytes for native code: {e}"))?;
    let mut map_us = now_us() - tm;
    let base = map.as_ptr() as u64;
    let buf: &mut [u8] = &mut map;
    // Emit pass.
    put(buf, 0, base, stop, stop.code.len(), |_| 0)?;
    let mut layout = Vec::with_capacity(functions.len());
    for ((proto, function), offsets) in program.protos.iter().zip(&functions).zip(&entries) {
        let Some(function) = function else {
            layout.push(vec![]);
            continue;
        };
        let mut pieces = Vec::new();
        let mut cold_at = offsets[proto.code.len()];
        function.each(proto, |instr, hot, cold, v, next_pc| {
            let here = offsets[instr.pc];
            let next = offsets[instr.next_pc()];
            let target = offsets.get(v.target as usize).copied().unwrap_or(NONE);
            let value = |sym: Sym, cold: u32| -> u64 {
                match sym {
                    Sym::A => v.a.into(),
                    Sym::B => v.b.into(),
                    Sym::C => v.c.into(),
                    Sym::Pc => v.pc.into(),
                    Sym::Height => v.height.into(),
                    Sym::Continue => base + u64::from(next),
                    Sym::Target => base + u64::from(target),
                    Sym::Cold => base + u64::from(cold),
                    Sym::Stop => base, // the stub at offset 0
                }
            };
            let len = hot_len(instr, hot, v, next_pc);
            put(buf, here, base, &TABLE[hot as usize], len as usize, |sym| value(sym, cold_at))?;
            if with_layout {
                pieces.push(Piece { pc: instr.pc as u32, op: instr.op, stencil: hot, at: here, len, cold: false });
            }
            if let Some(cold) = cold {
                let stub = &TABLE[cold as usize];
                put(buf, cold_at, base, stub, stub.code.len(), |sym| value(sym, cold_at))?;
                if with_layout {
                    pieces.push(Piece { pc: instr.pc as u32, op: instr.op, stencil: cold, at: cold_at, len: stub.code.len() as u32, cold: true });
                }
                cold_at += stub.code.len() as u32;
            }
            Ok(())
        })?;
        layout.push(pieces);
    }
    let tx = now_us();
    let map = map.make_exec().map_err(|e| format!("cannot make native code executable: {e}"))?;
    map_us += now_us() - tx;
    stats.code_bytes = total as u64;
    stats.map_us = map_us;
    stats.compile_us = now_us() - t0;
    Ok(Code { map, entries, layout, stats })
}

/// Copy the first `len` bytes of `stencil` to `buf[at..]` and patch its holes there
/// (holes in the dropped tail are skipped).
fn put(buf: &mut [u8], at: u32, base: u64, stencil: &Stencil, len: usize, value: impl Fn(Sym) -> u64) -> Result<(), String> {
    let at = at as usize;
    let dst = &mut buf[at..at + len];
    dst.copy_from_slice(&stencil.code[..len]);
    for hole in stencil.holes {
        if hole.at as usize + hole.kind.width() > len {
            continue;
        }
        holes::patch(dst, base + at as u64, hole, value(hole.sym))
            .map_err(|e| format!("native emit: {:?} value {} does not fit a {:?} hole of `{}`", e.sym, e.value, e.kind, stencil.id.symbol()))?;
    }
    Ok(())
}

impl Code {
    /// The address of instruction `pc` of function `proto`, if it was compiled.
    pub fn entry(&self, proto: u32, pc: u32) -> Option<*const u8> {
        let at = *self.entries.get(proto as usize)?.get(pc as usize)?;
        // SAFETY: `at` is an offset inside the mapping, recorded by `compile`.
        (at != NONE).then(|| unsafe { self.map.as_ptr().add(at as usize) })
    }

    /// The mapping's bytes (for the disassembler) and its address.
    pub fn bytes(&self) -> (&[u8], u64) {
        (&self.map, self.map.as_ptr() as u64)
    }
}
