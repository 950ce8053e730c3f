//! The native stencils: one small function per opcode, compiled by build.rs with rustc
//! (`--emit obj`, `-C opt-level=3 -C relocation-model=static -C panic=abort`) into an
//! object file whose sections become the copy-and-patch table.
//!
//! A hole is an undefined symbol: `_JIT_A`, `_JIT_B`, `_JIT_C` and `_JIT_PC`,
//! `_JIT_HEIGHT` are numbers (their "address" is the value patched in — byte offsets of
//! frame slots from `base`, a constant's or global's byte offset, a builtin id, the pc and
//! stack height for the slow path); `_JIT_CONTINUE` (the next instruction) and
//! `_JIT_TARGET` (a branch destination) are code addresses reached by a tail call, which
//! LLVM turns into `jmp`. build.rs checks that every stencil ends in the jump (or `ret`)
//! its row in `holes::STENCILS` promises and rejects any relocation other than these.
//!
//! Fast paths are inline (integer arithmetic and comparison via `vm/arith.rs`, the same
//! file the interpreter uses; slot moves; branches). A fast path that does not apply
//! jumps to `_JIT_COLD`, the instruction's cold stub (a `slow` stencil emitted after the
//! function's hot code), so hot code stays straight-line and ends in the jump the emitter
//! drops. Everything else goes to `Ctx::slow`, which runs the instruction in the
//! interpreter; when that says stop, the stencil jumps to `_JIT_STOP`, one shared `ret`.
//!
//! This file is not part of the crate's module tree; it is `no_std` and sees only the
//! files it includes by path.

#![no_std]
#![allow(non_upper_case_globals, clippy::missing_safety_doc)]

#[path = "abi.rs"]
mod abi;
#[path = "../vm/arith.rs"]
mod arith;

use abi::*;

extern "C" {
    static _JIT_A: u8;
    static _JIT_B: u8;
    static _JIT_C: u8;
    static _JIT_PC: u8;
    static _JIT_HEIGHT: u8;
    fn _JIT_CONTINUE(ctx: *mut Ctx, base: *mut u8) -> u32;
    fn _JIT_TARGET(ctx: *mut Ctx, base: *mut u8) -> u32;
    fn _JIT_COLD(ctx: *mut Ctx, base: *mut u8) -> u32;
    fn _JIT_STOP(status: *mut Ctx, base: *mut u8) -> u32;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// The value patched into hole `$h`.
macro_rules! hole {
    ($h:ident) => {
        core::ptr::addr_of!($h) as usize
    };
}

/// The slot `hole!($h)` bytes above `base`.
macro_rules! slot {
    ($base:ident, $h:ident) => {
        $base.add(hole!($h)) as *mut Slot
    };
    ($base:ident, $h:ident + $k:literal) => {
        $base.add(hole!($h) + $k * 16) as *mut Slot
    };
}

/// Leave the fast path for this instruction's cold stub (a `slow` or `slow_target`
/// stencil placed after all the function's hot code).
macro_rules! cold {
    ($ctx:ident, $base:ident) => {
        return _JIT_COLD($ctx, $base)
    };
}

/// Run this instruction in the interpreter (`Ctx::slow`), then go on at `$next`, or stop.
macro_rules! call_slow {
    ($ctx:ident, $base:ident, |$r:ident| $next:expr) => {{
        let $r = ((*$ctx).slow)($ctx, $base, hole!(_JIT_PC) as u32, hole!(_JIT_HEIGHT) as u32);
        if $r.base.is_null() {
            return _JIT_STOP($r.ctx, $r.base);
        }
        // Not because going on is rare: LLVM lays cold blocks out last, and the jump to
        // the continuation must be the stencil's last instruction (build.rs checks).
        core::hint::cold_path();
        $next
    }};
}

/// Declare stencils: `name(ctx, base) { body }`, each `#[no_mangle]` so that build.rs
/// finds it as `.text.<name>`.
macro_rules! stencils {
    ($($name:ident($ctx:ident, $base:ident) $body:block)*) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name($ctx: *mut Ctx, $base: *mut u8) -> u32 $body
    )*};
}

// Values are written and copied as two 8-byte words, never as a tag byte or one 16-byte
// move: a load is forwarded from an earlier store only if that store covers it, and
// instructions hand values to each other through memory (a byte store followed by a
// 16-byte load costs a store-forwarding stall of a dozen cycles). build.rs compiles this
// file with `-C no-vectorize-slp` so that LLVM keeps the word pairs apart.

/// Write tag `tag` (its padding zeroed) and `payload`.
#[inline(always)]
unsafe fn set(s: *mut Slot, tag: u8, payload: u64) {
    let w = s as *mut u64;
    *w = tag as u64;
    *w.add(1) = payload;
}

/// Copy a value.
#[inline(always)]
unsafe fn copy(dst: *mut Slot, src: *const Slot) {
    let (d, s) = (dst as *mut u64, src as *const u64);
    let (head, payload) = (*s, *s.add(1));
    *d = head;
    *d.add(1) = payload;
}

#[inline(always)]
unsafe fn set_int(s: *mut Slot, n: i64) {
    set(s, TAG_INT, n as u64)
}

#[inline(always)]
unsafe fn set_bool(s: *mut Slot, b: bool) {
    set(s, TAG_BOOL, b as u64)
}

/// Only `null` and `false` are falsy (`Value::truthy`).
#[inline(always)]
unsafe fn truthy(s: *const Slot) -> bool {
    !((*s).tag == TAG_NULL || ((*s).tag == TAG_BOOL && (*s).payload as u8 == 0))
}

/// `A` and `A + 1` both integers: `Some((x, y))`.
#[inline(always)]
unsafe fn ints(a: *const Slot, b: *const Slot) -> Option<(i64, i64)> {
    if (*a).tag == TAG_INT && (*b).tag == TAG_INT {
        Some(((*a).payload as i64, (*b).payload as i64))
    } else {
        None
    }
}

/// A binary integer stencil: operands at `A`, `A + 1`, result at `A`.
macro_rules! int_binary {
    ($($name:ident: |$x:ident, $y:ident| $result:expr;)*) => {
        stencils! {$(
            $name(ctx, base) {
                let (a, b) = (slot!(base, _JIT_A), slot!(base, _JIT_A + 1));
                if let Some(($x, $y)) = ints(a, b) {
                    if let Some(result) = $result {
                        result.store(a);
                        return _JIT_CONTINUE(ctx, base);
                    }
                }
                cold!(ctx, base)
            }
        )*}
    };
}

/// What an integer stencil stores.
trait Store {
    unsafe fn store(self, s: *mut Slot);
}
impl Store for i64 {
    #[inline(always)]
    unsafe fn store(self, s: *mut Slot) {
        set_int(s, self)
    }
}
impl Store for bool {
    #[inline(always)]
    unsafe fn store(self, s: *mut Slot) {
        set_bool(s, self)
    }
}

int_binary! {
    add: |x, y| Some(arith::add(x, y));
    sub: |x, y| Some(arith::sub(x, y));
    mul: |x, y| Some(arith::mul(x, y));
    div: |x, y| arith::div(x, y);
    rem: |x, y| arith::rem(x, y);
    eq: |x, y| Some(x == y);
    not_eq: |x, y| Some(x != y);
    lt: |x, y| Some(x < y);
    gt: |x, y| Some(x > y);
    lt_eq: |x, y| Some(x <= y);
    gt_eq: |x, y| Some(x >= y);
}

stencils! {
    // Push constant: `A` the new top, `C` the constant's byte offset in the pool.
    constant(ctx, base) {
        copy(slot!(base, _JIT_A), ((*ctx).consts as *const u8).add(hole!(_JIT_C)).cast::<Slot>());
        _JIT_CONTINUE(ctx, base)
    }
    null(ctx, base) {
        set(slot!(base, _JIT_A), TAG_NULL, 0);
        _JIT_CONTINUE(ctx, base)
    }
    true_(ctx, base) {
        set_bool(slot!(base, _JIT_A), true);
        _JIT_CONTINUE(ctx, base)
    }
    false_(ctx, base) {
        set_bool(slot!(base, _JIT_A), false);
        _JIT_CONTINUE(ctx, base)
    }
    // Nothing to do: the static stack height already dropped the value.
    pop(ctx, base) {
        _JIT_CONTINUE(ctx, base)
    }
    // `A` the lower of the two values duplicated.
    dup2(ctx, base) {
        copy(slot!(base, _JIT_A + 2), slot!(base, _JIT_A));
        copy(slot!(base, _JIT_A + 3), slot!(base, _JIT_A + 1));
        _JIT_CONTINUE(ctx, base)
    }
    neg(ctx, base) {
        let a = slot!(base, _JIT_A);
        if (*a).tag == TAG_INT {
            set_int(a, arith::neg((*a).payload as i64));
            return _JIT_CONTINUE(ctx, base);
        }
        cold!(ctx, base)
    }
    not(ctx, base) {
        let a = slot!(base, _JIT_A);
        set_bool(a, !truthy(a));
        _JIT_CONTINUE(ctx, base)
    }
    to_bool(ctx, base) {
        let a = slot!(base, _JIT_A);
        set_bool(a, truthy(a));
        _JIT_CONTINUE(ctx, base)
    }

    jump(ctx, base) {
        _JIT_TARGET(ctx, base)
    }
    // `A` the condition.
    jump_if_false(ctx, base) {
        if !truthy(slot!(base, _JIT_A)) {
            return _JIT_TARGET(ctx, base);
        }
        _JIT_CONTINUE(ctx, base)
    }
    // A back-edge: one step. Out of steps, or the heap wanting a collection, the slow
    // path (the interpreter's `Loop`: the error, or the safepoint) runs instead.
    loop_(ctx, base) {
        if (*ctx).steps != 0 && (*ctx).gc_wanted == 0 {
            (*ctx).steps -= 1;
            (*ctx).iterations += 1;
            return _JIT_TARGET(ctx, base);
        }
        cold!(ctx, base)
    }

    // `A` the slot written or read on the operand stack, `B` the local's offset, `C` the
    // global's offset.
    get_global(ctx, base) {
        copy(slot!(base, _JIT_A), ((*ctx).globals as *const u8).add(hole!(_JIT_C)).cast::<Slot>());
        _JIT_CONTINUE(ctx, base)
    }
    set_global(ctx, base) {
        copy(((*ctx).globals as *mut u8).add(hole!(_JIT_C)).cast::<Slot>(), slot!(base, _JIT_A));
        _JIT_CONTINUE(ctx, base)
    }
    get_local(ctx, base) {
        copy(slot!(base, _JIT_A), slot!(base, _JIT_B));
        _JIT_CONTINUE(ctx, base)
    }
    set_local(ctx, base) {
        copy(slot!(base, _JIT_B), slot!(base, _JIT_A));
        _JIT_CONTINUE(ctx, base)
    }
    // `C` the builtin's id.
    get_builtin(ctx, base) {
        set(slot!(base, _JIT_A), TAG_BUILTIN, hole!(_JIT_C) as u64);
        _JIT_CONTINUE(ctx, base)
    }

    // Array element: `A` the array (and result), `A + 1` the index. The table's pointer
    // carries the kind in its low bits; its length word is the length of an array of
    // values, the complement of an array of integers' (a double an element) and 0 for
    // booleans (a byte an element; their length is the buffer's first word). Signed, each
    // kind's bounds check fails for the others: packed arrays are read after the values
    // path's check fails, so arrays of values pay one test of the word's sign. (Both
    // paths end in the one `return` below: with a `return` each, LLVM laid the cold jump
    // out last.)
    index(ctx, base) {
        let (a, i) = (slot!(base, _JIT_A), slot!(base, _JIT_A + 1));
        if (*a).tag == TAG_ARRAY && (*i).tag == TAG_INT {
            let [items, len] = *(*ctx).table.add((*a).payload as u32 as usize);
            let n = (*i).payload;
            if n < len as u64 && (len as isize) >= 0 {
                copy(a, (items as *const Slot).add(n as usize));
            } else if n < !len as u64 && (len as isize) < 0 {
                // A double that is an integer (`vm::array::Ints`): no saturation needed,
                // and none wanted (its bounds would be constants in a data section).
                set(a, TAG_INT, (*((items + INTS_AT) as *const f64).add(n as usize)).to_int_unchecked::<i64>() as u64);
            } else if items & KIND_MASK == KIND_BOOLS && n < *((items - KIND_BOOLS) as *const u64) {
                set(a, TAG_BOOL, *((items + BOOLS_AT) as *const u8).add(n as usize) as u64);
            } else {
                cold!(ctx, base);
            }
            return _JIT_CONTINUE(ctx, base);
        }
        cold!(ctx, base)
    }
    // Array element store: `A` the array, `A + 1` the index, `A + 2` the value (arrays
    // never grow in place, so the element pointer in the table stays valid). A packed
    // array takes a value of its kind in place, as in `index` (an integer, when a double
    // holds it exactly); anything else unpacks it, in the cold path.
    set_index(ctx, base) {
        let (a, i, v) = (slot!(base, _JIT_A), slot!(base, _JIT_A + 1), slot!(base, _JIT_A + 2));
        if (*a).tag == TAG_ARRAY && (*i).tag == TAG_INT {
            let [items, len] = *(*ctx).table.add((*a).payload as u32 as usize);
            let n = (*i).payload;
            if n < len as u64 && (len as isize) >= 0 {
                copy((items as *mut Slot).add(n as usize), v);
            } else if (*v).tag == TAG_INT && n < !len as u64 && (len as isize) < 0 && ((*v).payload as i64).unsigned_abs() <= INTS_MAX {
                *((items + INTS_AT) as *mut f64).add(n as usize) = (*v).payload as i64 as f64;
            } else if items & KIND_MASK == KIND_BOOLS && (*v).tag == TAG_BOOL && n < *((items - KIND_BOOLS) as *const u64) {
                *((items + BOOLS_AT) as *mut u8).add(n as usize) = (*v).payload as u8;
            } else {
                cold!(ctx, base);
            }
            return _JIT_CONTINUE(ctx, base);
        }
        cold!(ctx, base)
    }
    // Captured variable `C` (byte offset in the closure's cells) of the running closure,
    // which is the callee slot just below `base`; `A` the new top.
    get_free(ctx, base) {
        let closure = (*(base as *const Slot).sub(1)).payload as u32 as usize;
        let cells = (*(*ctx).table.add(closure))[1] as *const u8;
        let cell = *(cells.add(hole!(_JIT_C)) as *const u32) as usize;
        copy(slot!(base, _JIT_A), (*(*ctx).table.add(cell))[0] as *const Slot);
        _JIT_CONTINUE(ctx, base)
    }
    // Local `B` that a closure captures: a cell once its `let` ran, before that a plain
    // value. `A` the new top.
    get_cell(ctx, base) {
        let local = slot!(base, _JIT_B);
        let source = if (*local).tag == TAG_CELL { (*(*ctx).table.add((*local).payload as u32 as usize))[0] as *const Slot } else { local };
        copy(slot!(base, _JIT_A), source);
        _JIT_CONTINUE(ctx, base)
    }
    // `A` the value stored into local `B` (or its cell).
    set_cell(ctx, base) {
        let local = slot!(base, _JIT_B);
        let target = if (*local).tag == TAG_CELL { (*(*ctx).table.add((*local).payload as u32 as usize))[0] as *mut Slot } else { local };
        copy(target, slot!(base, _JIT_A));
        _JIT_CONTINUE(ctx, base)
    }
    // A call of a compiled Monkey function, all inline: the interpreter's `Call` checks
    // (any failing, or a collection due, goes to the cold stub: `Ctx::call` does it all
    // the interpreter's way), the frame pushed into the VM's own frame vector, the
    // callee's code called, its frame popped and its result put in the callee slot.
    // `A` the callee slot, `B` the argument count, `PC` this instruction's pc.
    call(ctx, base) {
        let callee = slot!(base, _JIT_A);
        let argc = hole!(_JIT_B);
        if (*callee).tag != TAG_CLOSURE {
            cold!(ctx, base);
        }
        let closure = (*callee).payload as u32;
        let proto = (*(*ctx).table.add(closure as usize))[0];
        let info = &*(*ctx).fns.add(proto);
        let n = (*ctx).nframes;
        let new_base = (callee as *mut u8).add(16);
        let Some(entry) = info.entry else { cold!(ctx, base) };
        if info.arity as usize != argc
            || (*ctx).steps == 0
            || n > (*ctx).max_frames
            || n == (*ctx).frames_cap
            || (*ctx).gc_wanted != 0
            || (*ctx).depth >= (*ctx).max_depth
            || new_base.add(info.frame_size as usize * 16) > (*ctx).stack_end
        {
            cold!(ctx, base);
        }
        let mut local = argc;
        while local < info.num_locals as usize {
            set((new_base as *mut Slot).add(local), TAG_NULL, 0);
            local += 1;
        }
        let frames = (*ctx).frames;
        (*frames.add(n - 1)).ip = hole!(_JIT_PC) as u32 + 2;
        *frames.add(n) = FrameRec { proto: proto as u32, closure, ip: 0, base: ((new_base as usize - (*ctx).stack as usize) >> 4) as u32 };
        (*ctx).nframes = n + 1;
        (*ctx).steps -= 1;
        (*ctx).calls += 1;
        (*ctx).depth += 1;
        let status = entry(ctx, new_base);
        (*ctx).depth -= 1;
        if status != RETURNED {
            return status;
        }
        // The callee's frame goes; the stack may have moved meanwhile.
        let n = (*ctx).nframes - 1;
        (*ctx).nframes = n;
        let base = (*ctx).stack.add((*(*ctx).frames.add(n - 1)).base as usize * 16);
        copy(slot!(base, _JIT_A), &(*ctx).ret);
        core::hint::cold_path(); // see `call_slow`
        _JIT_CONTINUE(ctx, base)
    }

    // `A` the result.
    ret(ctx, _base) {
        copy(&mut (*ctx).ret, slot!(_base, _JIT_A));
        RETURNED
    }

    // Everything else: the interpreter runs the instruction. Also the cold stub of a
    // fast path that falls through.
    slow(ctx, base) {
        call_slow!(ctx, base, |r| _JIT_CONTINUE(r.ctx, r.base))
    }
    // The cold stub of `loop_`.
    slow_target(ctx, base) {
        call_slow!(ctx, base, |r| _JIT_TARGET(r.ctx, r.base))
    }
    // An instruction that may branch (`IterNext`), run by the interpreter.
    slow_branch(ctx, base) {
        call_slow!(ctx, base, |r| {
            if (*r.ctx).branched != 0 {
                return _JIT_TARGET(r.ctx, r.base);
            }
            _JIT_CONTINUE(r.ctx, r.base)
        })
    }
    // Where a slow path that stops goes: return the status.
    stop(status, _base) {
        status as usize as u32
    }
}
