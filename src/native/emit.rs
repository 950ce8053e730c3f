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
    /// Given to [`SPARE`] when the code is dropped.
    map: std::mem::ManuallyDrop<memmap2::Mmap>,
    /// Where the code starts in `map` (see [`map_code`]) and how long it is.
    start: usize,
    len: usize,
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

/// One reachable instruction as the size pass chose it; the emit pass reads these back
/// instead of decoding and choosing again.
#[derive(Clone, Copy)]
struct Item {
    /// Its pc is `values.pc`.
    next_pc: u32,
    hot: StencilId,
    cold: Option<StencilId>,
    /// Hot code bytes (without the trailing jump when it falls through).
    len: u32,
    op: Op,
    values: Values,
}

/// Choose the stencils of every reachable instruction of `proto` (pc order) into `items`,
/// in the verifier's one pass. False if `proto` does not verify (the interpreter runs it).
fn choose(proto: &Proto, items: &mut Vec<Item>) -> bool {
    let num_locals = u32::from(proto.num_locals);
    let first = items.len();
    verify::each_reachable(proto, |instr, depth| {
        // The previous instruction's trailing jump falls through when it goes here.
        if let Some(prev) = items.get_mut(first..).and_then(|f| f.last_mut()) {
            let here = instr.pc as u32;
            let falls_through = match prev.hot.tail() {
                Tail::Ret => false,
                Tail::Continue => prev.next_pc == here,
                Tail::Target => prev.values.target == here,
            };
            if falls_through {
                prev.len = TABLE[prev.hot as usize].short_len() as u32;
            }
        }
        let (hot, cold, values) = select(instr, num_locals, depth);
        let len = TABLE[hot as usize].code.len() as u32;
        items.push(Item { next_pc: instr.next_pc() as u32, hot, cold, len, op: instr.op, values });
    })
    .inspect_err(|_| items.truncate(first))
    .is_ok()
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
    let mut items = Vec::with_capacity(program.protos.iter().map(|p| p.code.len() / 2).sum());
    // Per function, its items (`None`: not compiled).
    let mut functions = Vec::with_capacity(program.protos.len());
    let mut entries = Vec::with_capacity(program.protos.len());
    for proto in &program.protos {
        let first = items.len();
        if !choose(proto, &mut items) {
            functions.push(None);
            entries.push(vec![]);
            continue;
        }
        let mut offsets = vec![NONE; proto.code.len() + 1];
        let mut cold_len = 0;
        for item in &items[first..] {
            offsets[item.values.pc as usize] = at;
            at += item.len;
            cold_len += item.cold.map_or(0, |c| TABLE[c as usize].code.len() as u32);
        }
        offsets[proto.code.len()] = at;
        at += cold_len;
        stats.functions += 1;
        stats.instructions += (items.len() - first) as u64;
        functions.push(Some(first..items.len()));
        entries.push(offsets);
    }
    let total = at as usize;
    let tm = now_us();
    let (mut map, start) = map_code(total)?;
    let mut map_us = now_us() - tm;
    let base = map.as_ptr() as u64 + start as u64;
    let buf: &mut [u8] = &mut map[start..start + total];
    // Emit pass.
    put(buf, 0, base, stop, stop.code.len(), |_| 0)?;
    let mut layout = Vec::with_capacity(functions.len());
    for ((proto, range), offsets) in program.protos.iter().zip(&functions).zip(&entries) {
        let Some(range) = range else {
            layout.push(vec![]);
            continue;
        };
        let mut pieces = Vec::new();
        let mut cold_at = offsets[proto.code.len()];
        for item in &items[range.clone()] {
            let v = &item.values;
            let here = offsets[v.pc as usize];
            let next = offsets[item.next_pc as usize];
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
            put(buf, here, base, &TABLE[item.hot as usize], item.len as usize, |sym| value(sym, cold_at))?;
            if with_layout {
                pieces.push(Piece { pc: v.pc, op: item.op, stencil: item.hot, at: here, len: item.len, cold: false });
            }
            if let Some(cold) = item.cold {
                let stub = &TABLE[cold as usize];
                put(buf, cold_at, base, stub, stub.code.len(), |sym| value(sym, cold_at))?;
                if with_layout {
                    pieces.push(Piece { pc: v.pc, op: item.op, stencil: cold, at: cold_at, len: stub.code.len() as u32, cold: true });
                }
                cold_at += stub.code.len() as u32;
            }
        }
        layout.push(pieces);
    }
    let tx = now_us();
    let map = map.make_exec().map_err(|e| format!("cannot make native code executable: {e}"))?;
    map_us += now_us() - tx;
    stats.code_bytes = total as u64;
    stats.map_us = map_us;
    stats.compile_us = now_us() - t0;
    Ok(Code { map: std::mem::ManuallyDrop::new(map), start, len: total, entries, layout, stats })
}

/// Bytes of a transparent huge page (x86-64).
const HUGE_PAGE: usize = 2 << 20;

/// The mapping of the last program whose code was dropped, kept (read-execute) for the
/// next compile: reusing it saves an `mmap`, populating its pages and a `munmap` — most
/// of the cost of compiling a small program. It is made writable again only while the
/// next program's code is written into it, so W^X holds throughout; at most one mapping
/// is kept, and [`release_spare`] unmaps it.
static SPARE: std::sync::Mutex<Option<(memmap2::Mmap, usize)>> = std::sync::Mutex::new(None);

/// Unmap the mapping kept for reuse, if any (the benchmark's fresh-mapping figure).
pub fn release_spare() {
    drop(SPARE.lock().map(|mut s| s.take()));
}

impl Drop for Code {
    fn drop(&mut self) {
        // SAFETY: `map` is not used after this.
        let map = unsafe { std::mem::ManuallyDrop::take(&mut self.map) };
        if let Ok(mut spare) = SPARE.lock() {
            // Keep the larger of the two.
            if spare.as_ref().is_none_or(|(m, at)| m.len() - at <= map.len() - self.start) {
                *spare = Some((map, self.start));
            }
        }
    }
}

/// A writable mapping for `len` bytes of code, and where the code starts in it: the
/// spare one when it is large enough, otherwise a fresh one populated up front (one call
/// instead of a page fault per 4 KiB written). Fresh code of 2 MiB or more starts on a
/// 2 MiB boundary of a mapping advised to use transparent huge pages: populating 4 KiB
/// pages one by one was a fifth of the compile time of a 2.5 MB program. Where the
/// kernel refuses the advice, the pages are simply small.
fn map_code(len: usize) -> Result<(memmap2::MmapMut, usize), String> {
    let spare = SPARE.lock().ok().and_then(|mut s| s.take_if(|(m, at)| m.len() - *at >= len));
    if let Some((map, start)) = spare {
        if let Ok(map) = map.make_mut() {
            return Ok((map, start));
        }
    }
    let fail = |e: std::io::Error| format!("cannot map {len} bytes for native code: {e}");
    if len < HUGE_PAGE {
        return Ok((memmap2::MmapOptions::new().len(len.max(1)).populate().map_anon().map_err(fail)?, 0));
    }
    let map = memmap2::MmapOptions::new().len(len + HUGE_PAGE).map_anon().map_err(fail)?;
    let start = (HUGE_PAGE - map.as_ptr() as usize % HUGE_PAGE) % HUGE_PAGE;
    let _ = map.advise_range(memmap2::Advice::HugePage, start, len / HUGE_PAGE * HUGE_PAGE);
    let _ = map.advise_range(memmap2::Advice::PopulateWrite, start, len);
    Ok((map, start))
}

/// Copy the first `len` bytes of `stencil` to `buf[at..]` and patch its holes there
/// (holes in the dropped tail are skipped).
fn put(buf: &mut [u8], at: u32, base: u64, stencil: &Stencil, len: usize, value: impl Fn(Sym) -> u64) -> Result<(), String> {
    let at = at as usize;
    let dst = &mut buf[at..at + len];
    copy_small(dst, &stencil.code[..len]);
    let holes = if len < stencil.code.len() { &stencil.holes[..stencil.short_holes as usize] } else { stencil.holes };
    for hole in holes {
        holes::patch(dst, base + at as u64, hole, value(hole.sym))
            .map_err(|e| format!("native emit: {:?} value {} does not fit a {:?} hole of `{}`", e.sym, e.value, e.kind, stencil.id.symbol()))?;
    }
    Ok(())
}

/// `dst.copy_from_slice(src)`, inline for stencil-sized copies (two overlapping
/// fixed-size moves instead of a call into `memmove` per stencil, which was an eighth of
/// the compile time).
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    #[inline(always)]
    fn two<const N: usize>(dst: &mut [u8], src: &[u8]) {
        let n = src.len();
        let (head, tail): ([u8; N], [u8; N]) = (src[..N].try_into().unwrap(), src[n - N..].try_into().unwrap());
        dst[..N].copy_from_slice(&head);
        dst[n - N..].copy_from_slice(&tail);
    }
    assert_eq!(dst.len(), src.len());
    match src.len() {
        0 => {}
        n @ 1..8 => dst[..n].copy_from_slice(&src[..n]),
        8..16 => two::<8>(dst, src),
        16..32 => two::<16>(dst, src),
        32..=64 => two::<32>(dst, src),
        _ => dst.copy_from_slice(src),
    }
}

impl Code {
    /// The address of instruction `pc` of function `proto`, if it was compiled.
    pub fn entry(&self, proto: u32, pc: u32) -> Option<*const u8> {
        let at = *self.entries.get(proto as usize)?.get(pc as usize)?;
        // SAFETY: `at` is an offset inside the mapping, recorded by `compile`.
        (at != NONE).then(|| unsafe { self.map.as_ptr().add(self.start + at as usize) })
    }

    /// The mapping's bytes (for the disassembler) and its address.
    pub fn bytes(&self) -> (&[u8], u64) {
        (&self.map[self.start..self.start + self.len], self.map.as_ptr() as u64 + self.start as u64)
    }
}
