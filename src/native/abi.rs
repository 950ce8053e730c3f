//! The contract between native stencils and the runtime that emits and runs them.
//!
//! This file is compiled twice: into the crate (`crate::native::abi`) and, by build.rs,
//! into the `no_std` stencil object (`src/native/stencils.rs` includes it by path). So it
//! holds only `#[repr(C)]` data and constants — no `std`, no crate paths.
//!
//! # Calling convention
//! Every stencil is an `extern "C" fn(ctx: *mut Ctx, base: *mut u8) -> u32`. `base` points
//! at local 0 of the running frame inside the VM's value stack; the operand stack's depth
//! at every pc is static (bytecode::verify), so every slot an instruction touches is
//! `base + constant` and the constant is a patched hole — there is no stack-pointer
//! register. A stencil ends by tail-calling its continuation (`jmp`), so a function's
//! code is the stencils laid end to end, entered at any instruction boundary by a plain
//! call, and left by the `ret` of `Return` or of a slow path that stops.
//!
//! A slow path calls [`Ctx::slow`], which runs the instruction in the interpreter and
//! returns the (possibly moved) frame base; a null `base` means "stop", and then the
//! `ctx` half carries the status for the stencil to return (so no stencil keeps `ctx` in
//! a callee-saved register across the call, and the fast paths need no prologue).

/// One VM value as the stencils see it (the layout of `vm::value::Value`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Slot {
    pub tag: u8,
    pub pad: [u8; 7],
    pub payload: u64,
}

/// Tag bytes (the same numbers as `vm::value::tag`; a test checks they agree).
pub const TAG_NULL: u8 = 0;
pub const TAG_BOOL: u8 = 1;
pub const TAG_INT: u8 = 2;
pub const TAG_ARRAY: u8 = 4;
pub const TAG_CLOSURE: u8 = 6;
pub const TAG_CELL: u8 = 8;
pub const TAG_BUILTIN: u8 = 7;

/// Array kinds, in the low bits of an array's JIT table pointer, and where a packed
/// array's first element is from that pointer (the numbers of `vm::array`; a test checks
/// they agree). An array of integers' length word in the table is its length's
/// complement; packed booleans' is 0, their length the buffer's first word.
pub const KIND_MASK: usize = 7;
pub const KIND_BOOLS: usize = 1;
pub const BOOLS_AT: usize = 7;
pub const INTS_AT: usize = 6;
/// The largest integer magnitude an array of integers holds (its elements are doubles).
pub const INTS_MAX: u64 = (1 << 53) - 1;

/// What a helper returns, in `rax:rdx`: the context and the running frame's base, or a
/// null `base` and the status to stop with in place of `ctx`.
#[repr(C)]
pub struct Resume {
    pub ctx: *mut Ctx,
    pub base: *mut u8,
}

/// The slow path: run instruction `pc` (operand stack height `height` slots above `base`)
/// in the interpreter.
pub type SlowFn = unsafe extern "C" fn(ctx: *mut Ctx, base: *mut u8, pc: u32, height: u32) -> Resume;

/// One VM frame (`vm::Frame`, `#[repr(C)]`; a test checks they agree).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct FrameRec {
    pub proto: u32,
    pub closure: u32,
    pub ip: u32,
    pub base: u32,
}

/// Native code of a function.
pub type Entry = unsafe extern "C" fn(ctx: *mut Ctx, base: *mut u8) -> u32;

/// What the inline call path needs to know about a function.
#[repr(C)]
pub struct FnInfo {
    /// Its code from pc 0 (`None`: not compiled, the slow path calls it).
    pub entry: Option<Entry>,
    pub arity: u32,
    pub num_locals: u32,
    /// Locals plus the deepest operand stack, in slots.
    pub frame_size: u32,
}

/// State shared by all native code of one run.
#[repr(C)]
pub struct Ctx {
    /// The program's constant values (`Vm::consts`).
    pub consts: *const Slot,
    /// The global slots (`Vm::globals`); they do not move during a run.
    pub globals: *mut Slot,
    /// Steps (back-edges and calls) left before `step limit exceeded`.
    pub steps: u64,
    /// Back-edges taken by inline `Loop` code (added to the VM's stats on leaving).
    pub iterations: u64,
    pub slow: SlowFn,
    /// The heap's JIT table (`vm::heap::Heap::jit_table`): per handle, an array's element
    /// pointer and length, a closure's prototype and captured-cell pointer, a cell's value
    /// pointer. Refreshed by every helper (allocation may move the table).
    pub table: *const [usize; 2],
    /// Nonzero when the heap wants a collection: the next `Loop` takes its slow path,
    /// which is a safepoint.
    pub gc_wanted: u8,
    /// Set by the slow path of a branching instruction: nonzero when it branched.
    pub branched: u8,
    /// The VM's frames (`Vm::frames`): while native code runs, `nframes` is their
    /// number (the helpers set the vector's length from it, and everything back after).
    pub frames: *mut FrameRec,
    pub nframes: usize,
    pub frames_cap: usize,
    /// `vm::MAX_FRAMES`: more frames than this is `stack overflow`.
    pub max_frames: usize,
    /// The VM's value stack and its end (it moves when it grows, in a helper).
    pub stack: *mut u8,
    pub stack_end: *mut u8,
    /// Per function (by index), for the inline call path.
    pub fns: *const FnInfo,
    /// Calls made by the inline call path (added to the VM's stats on leaving).
    pub calls: u64,
    /// Native calls active on the machine stack, and the most allowed.
    pub depth: u32,
    pub max_depth: u32,
    /// The value `Return` hands back.
    pub ret: Slot,
    /// The runtime's own state (opaque to stencils).
    pub runtime: *mut u8,
}

/// Status codes returned by native code.
/// The function returned; its result is in [`Ctx::ret`].
pub const RETURNED: u32 = 1;
/// A runtime error; the runtime holds it.
pub const ERROR: u32 = 2;
/// Execution continues in the interpreter: the VM's frames, their pcs and its stack
/// pointer describe exactly where.
pub const EXITED: u32 = 3;
