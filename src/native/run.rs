//! Running native code: entering it from the interpreter, and the slow-path helper.
//!
//! While native code runs, the context holds the truth about a few VM fields it changes
//! itself — the step budget, the frame count, the call and iteration counters — and the
//! VM holds everything else. The helper brings the VM up to date on entry
//! ([`sync_in`]) and the context on the way out ([`sync_out`]), so that each side sees
//! exactly the state the interpreter would have.

use std::fmt;

use super::abi::{self, Ctx, Entry, FnInfo, FrameRec, Resume, Slot};
use super::emit::{self, Code};
use super::{NativeStats, MAX_NATIVE_DEPTH};
use crate::bytecode::Program;
use crate::vm::interp::Flow;
use crate::vm::value::Value;
use crate::vm::{RuntimeError, Vm, MAX_FRAMES};

/// The native tier's state for one run: the program's code and the context it runs with.
pub struct NativeJit {
    code: Code,
    /// Per function, what the inline call path needs (`Ctx::fns` points here).
    fns: Vec<FnInfo>,
    /// Boxed: native code holds its address.
    ctx: Box<Ctx>,
    pub stats: NativeStats,
}

/// How native code entered from the interpreter ended.
pub(crate) enum NativeEnd {
    /// The frame it was entered for returned this value (the frame is still pushed).
    Returned(Value),
    /// The interpreter continues in the top frame, with this stack pointer.
    Exited(usize),
}

/// What the helper needs while native code runs (`Ctx::runtime` points here).
struct Runtime<'a> {
    vm: *mut Vm,
    program: &'a Program,
    out: *mut (dyn fmt::Write + 'a),
    error: Option<RuntimeError>,
    exits: u64,
}

impl NativeJit {
    /// Compile all of `program`; `dump`: keep what `dump` needs.
    pub fn new(program: &Program, dump: bool) -> Result<NativeJit, String> {
        let code = emit::compile(program, dump)?;
        let stats = code.stats;
        let fns = program
            .protos
            .iter()
            .enumerate()
            .map(|(i, p)| FnInfo {
                // SAFETY: an address of emitted code at an instruction boundary, whose
                // calling convention is `Entry` (see `abi`).
                entry: code.entry(i as u32, 0).map(|at| unsafe { std::mem::transmute::<*const u8, Entry>(at) }),
                arity: p.arity() as u32,
                num_locals: p.num_locals.into(),
                frame_size: p.frame_size() as u32,
            })
            .collect();
        let ctx = Box::new(Ctx {
            consts: std::ptr::null(),
            globals: std::ptr::null_mut(),
            steps: 0,
            iterations: 0,
            slow,
            table: std::ptr::null(),
            gc_wanted: 0,
            branched: 0,
            frames: std::ptr::null_mut(),
            nframes: 0,
            frames_cap: 0,
            max_frames: MAX_FRAMES,
            stack: std::ptr::null_mut(),
            stack_end: std::ptr::null_mut(),
            fns: std::ptr::null(),
            calls: 0,
            depth: 0,
            max_depth: MAX_NATIVE_DEPTH,
            ret: Slot { tag: 0, pad: [0; 7], payload: 0 },
            runtime: std::ptr::null_mut(),
        });
        Ok(NativeJit { code, fns, ctx, stats })
    }

    /// The address range of the emitted code.
    pub fn code_range(&self) -> std::ops::Range<usize> {
        let (bytes, at) = self.code.bytes();
        at as usize..at as usize + bytes.len()
    }

    /// The emitted code, disassembled with stencil boundaries (`--dump=native`).
    pub fn dump(&self, program: &Program) -> String {
        super::disasm::dump(&self.code, program)
    }
}

/// A `Resume` that stops native code with `status`.
fn stop(status: u32) -> Resume {
    Resume { ctx: status as usize as *mut Ctx, base: std::ptr::null_mut() }
}

/// The address of local 0 of the frame with stack index `base`.
fn frame_ptr(vm: &mut Vm, base: u32) -> *mut u8 {
    // SAFETY: frame bases lie inside the stack (the interpreter grew it for the frame).
    unsafe { vm.stack.as_mut_ptr().add(base as usize) as *mut u8 }
}

/// Native code's changes into the VM: the frames it pushed or popped, the steps it took.
///
/// # Safety
/// `ctx` is the live context of `vm`'s native run.
unsafe fn sync_in(ctx: *mut Ctx, vm: &mut Vm) {
    unsafe {
        // Every frame below `nframes` was written (native code pushes only below the
        // capacity it was given), and `Frame` is plain data.
        vm.frames.set_len((*ctx).nframes);
        vm.steps_left = (*ctx).steps;
    }
}

/// The VM's state into the context, for native code to go on with.
///
/// # Safety
/// As [`sync_in`].
unsafe fn sync_out(ctx: *mut Ctx, vm: &mut Vm) {
    unsafe {
        let c = &mut *ctx;
        c.steps = vm.steps_left;
        c.frames = vm.frames.as_mut_ptr() as *mut FrameRec;
        c.nframes = vm.frames.len();
        c.frames_cap = vm.frames.capacity();
        c.stack = vm.stack.as_mut_ptr() as *mut u8;
        c.stack_end = c.stack.add(vm.stack.len() * 16);
        c.gc_wanted = vm.heap.wants_collection() as u8;
        c.table = vm.heap.jit_table() as *const [usize; 2];
    }
}

impl Vm {
    /// Run native code for the top frame from `pc`; `None` when there is none for it.
    pub(crate) fn enter_native(&mut self, program: &Program, pc: u32, out: &mut dyn fmt::Write) -> Result<Option<NativeEnd>, RuntimeError> {
        let Some(top) = self.frames.last().copied() else { return Ok(None) };
        let Some(mut jit) = self.native.take() else { return Ok(None) };
        let Some(entry) = jit.code.entry(top.proto, pc) else {
            self.native = Some(jit);
            return Ok(None);
        };
        jit.stats.entries += 1;
        let base = frame_ptr(self, top.base);
        let vm: *mut Vm = self;
        let mut rt = Runtime { vm, program, out, error: None, exits: 0 };
        let ctx: *mut Ctx = &mut *jit.ctx;
        // SAFETY: `entry` is native code emitted for this program; the context points at
        // this VM's constants, globals (which do not move during a run), stack, frames and
        // heap table, and at `rt`, which outlives the call. Until the call returns, the VM
        // is reached only through `rt.vm`.
        let status = unsafe {
            (*ctx).consts = (*vm).consts.as_ptr() as *const Slot;
            (*ctx).globals = (*vm).globals.as_mut_ptr() as *mut Slot;
            (*ctx).fns = jit.fns.as_ptr();
            (*ctx).iterations = 0;
            (*ctx).calls = 0;
            (*ctx).depth = 0;
            (*ctx).runtime = &mut rt as *mut Runtime as *mut u8;
            sync_out(ctx, &mut *vm);
            let entry: Entry = std::mem::transmute(entry);
            let status = entry(ctx, base);
            sync_in(ctx, &mut *vm);
            status
        };
        let (error, exits) = (rt.error.take(), rt.exits);
        drop(rt);
        // SAFETY: native code has returned; nothing else holds the context.
        let c = unsafe { &mut *ctx };
        self.stats.loop_iterations += c.iterations;
        self.stats.calls += c.calls;
        c.runtime = std::ptr::null_mut();
        jit.stats.exits += exits;
        let ret = slot_value(&c.ret);
        self.native = Some(jit);
        match status {
            abi::RETURNED => Ok(Some(NativeEnd::Returned(ret))),
            abi::EXITED => Ok(Some(NativeEnd::Exited(self.saved_sp))),
            _ => Err(error.unwrap_or_else(|| RuntimeError { pos: program.protos[top.proto as usize].pos_at(pc as usize), message: format!("internal error: native code stopped with status {status}") })),
        }
    }
}

/// A value native code wrote.
fn slot_value(s: &Slot) -> Value {
    let words = s as *const Slot as *const u64;
    // SAFETY: `Slot` is `Value`'s layout, and native code only ever copies whole values
    // or writes a valid tag with its payload. Read as the two words native code wrote
    // (volatile, so they are not merged into one 16-byte load, which the processor cannot
    // forward from the two 8-byte stores: see `stencils.rs`).
    unsafe {
        let words = [std::ptr::read_volatile(words), std::ptr::read_volatile(words.add(1))];
        std::mem::transmute::<[u64; 2], Value>(words)
    }
}

/// The slow path of every stencil: run instruction `pc` of the top frame (operand stack
/// `height` slots above its base) in the interpreter. When that pushed a frame (a call
/// the inline path left to it), run the callee's native code from here.
unsafe extern "C" fn slow(ctx: *mut Ctx, _base: *mut u8, pc: u32, height: u32) -> Resume {
    // SAFETY: `ctx.runtime` was set by `enter_native`, whose frame is below us on the
    // machine stack; the VM is reached only through it while native code runs.
    let rtp = unsafe { (*ctx).runtime as *mut Runtime };
    let rt = unsafe { &mut *rtp };
    let vm = unsafe { &mut *rt.vm };
    unsafe { sync_in(ctx, vm) };
    let top = vm.frames.len() - 1;
    let frame = vm.frames[top];
    vm.frames[top].ip = pc;
    vm.saved_sp = frame.base as usize + height as usize;
    // SAFETY: `out` is the writer `enter_native` was given.
    let result = vm.step(rt.program, unsafe { &mut *rt.out });
    unsafe { sync_out(ctx, vm) };
    match result {
        Ok(Flow::Stepped) => {}
        Ok(_) => {
            rt.error = Some(RuntimeError { pos: rt.program.protos[frame.proto as usize].pos_at(pc as usize), message: "internal error: native slow path finished the program".into() });
            return stop(abi::ERROR);
        }
        Err(e) => {
            rt.error = Some(e);
            return stop(abi::ERROR);
        }
    }
    if vm.frames.len() > top + 1 {
        return call(ctx, rtp, top);
    }
    let now = vm.frames[top];
    let size = crate::bytecode::Op::from_byte(rt.program.protos[frame.proto as usize].code[pc as usize]).map_or(1, |op| op.size());
    unsafe { (*ctx).branched = (now.ip != pc + size as u32) as u8 };
    Resume { ctx, base: frame_ptr(vm, now.base) }
}

/// The interpreter has pushed the frame of a call made by frame `caller`: run the
/// callee's native code, then pop its frame and leave the result in the callee slot,
/// as `Return` does.
///
/// `rtp` stays a raw pointer: the callee's slow paths reach the same `Runtime` (and VM)
/// while it runs, so no reference to either may live across the call.
fn call(ctx: *mut Ctx, rtp: *mut Runtime, caller: usize) -> Resume {
    // SAFETY: see `slow`; these references end before the native call.
    let (entry, base) = unsafe {
        let rt = &mut *rtp;
        let vm = &mut *rt.vm;
        let callee = vm.frames[caller + 1];
        match (*(*ctx).fns.add(callee.proto as usize)).entry {
            Some(entry) if (*ctx).depth < (*ctx).max_depth => (entry, frame_ptr(vm, callee.base)),
            // The interpreter runs the callee from its entry; the VM's frames, their pcs
            // and `saved_sp` (set by the step) say where everything is.
            _ => {
                rt.exits += 1;
                return stop(abi::EXITED);
            }
        }
    };
    // SAFETY: native code of this program, entered at the start of the callee with its
    // frame pushed; `ctx` is the live context, in sync with the VM.
    let status = unsafe {
        (*ctx).depth += 1;
        let status = entry(ctx, base);
        (*ctx).depth -= 1;
        status
    };
    if status != abi::RETURNED {
        return stop(status);
    }
    // SAFETY: see `slow`.
    let rt = unsafe { &mut *rtp };
    let vm = unsafe { &mut *rt.vm };
    unsafe { sync_in(ctx, vm) };
    let callee = vm.frames[caller + 1];
    let result = slot_value(unsafe { &(*ctx).ret });
    vm.frames.pop();
    vm.stack[callee.base as usize - 1] = result;
    unsafe { sync_out(ctx, vm) };
    let base = vm.frames[caller].base;
    Resume { ctx, base: frame_ptr(vm, base) }
}
