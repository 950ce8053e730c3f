//! The native tier: copy-and-patch to x86-64 machine code (feature `native`).
//!
//! There is no V8 here, so copy-and-patch is the real thing: build.rs compiles one
//! machine-code stencil per opcode from [`stencils.rs`](../../src/native/stencils.rs)
//! with rustc, reads the object file, and writes a table of bytes and typed holes
//! ([`holes`]). At run time [`emit`] copies a stencil per bytecode instruction into
//! anonymous memory, patches the holes (slot offsets, constants, jump targets), and
//! flips the mapping from writable to executable (never both: W^X). [`run`] enters the
//! code from the interpreter and provides the one helper every slow path calls.
//!
//! # Execution model
//! * Native code works directly on the VM's value stack, globals and constants (the
//!   layout of `vm::value`); it keeps no value in a register across instructions, so the
//!   VM's memory is the whole state at every instruction boundary.
//! * Fast paths are inline: integer arithmetic and comparison (`vm/arith.rs`, the file
//!   the interpreter uses), constants, locals, globals, builtins, branches, `Loop` with its
//!   step count, `Return`. Everything else — and every fast path that does not apply —
//!   runs that one instruction in the interpreter (`Vm::step`), so calls, errors,
//!   builtins, strings, arrays, hashes and closures mean exactly what they mean there.
//! * A call of a Monkey function is such a slow instruction: the interpreter pushes the
//!   frame (checking arity, depth, stack room, steps; collecting garbage if due), then the
//!   helper calls the callee's native code on the machine stack and, when it returns,
//!   pops the frame. Frames are always the VM's own, so stopping anywhere is exact.
//! * Native code stops with a status: returned (value in `Ctx::ret`), error (the
//!   interpreter's `RuntimeError`), or exited — past [`MAX_NATIVE_DEPTH`] nested calls
//!   the callee's frame is left to the interpreter, which resumes exactly where the VM's
//!   frames say and enters native code again at its next call or loop back-edge.
//! * The whole program is compiled when the run starts (`--tier native`), into one
//!   mapping freed when the run ends.

pub mod holes;

#[cfg(native_tier)]
pub mod abi;
#[cfg(native_tier)]
pub mod disasm;
#[cfg(native_tier)]
pub mod emit;
#[cfg(native_tier)]
pub mod run;

/// Nested native calls before a call is left to the interpreter (bounds machine-stack use:
/// about 100 bytes per level).
pub const MAX_NATIVE_DEPTH: u32 = 2000;

/// Whether this build has the native tier.
pub const AVAILABLE: bool = cfg!(native_tier);

/// Why `--tier native` cannot run in this build.
pub const UNAVAILABLE: &str = if cfg!(feature = "native") {
    "tier `native` needs x86-64 Linux; this build's target is not supported"
} else {
    "tier `native` is not in this build (build with `--features native`, on x86-64 Linux)"
};

/// Compile cost and code size, for `--stats` and the benchmark.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeStats {
    pub functions: usize,
    /// Bytecode instructions compiled.
    pub instructions: u64,
    /// Machine code bytes emitted (hot code and cold stubs).
    pub code_bytes: u64,
    /// Whole compile: stack depths, size pass, mapping, copy and patch, mprotect (µs).
    pub compile_us: f64,
    /// Of that, mapping the memory and making it executable (µs).
    pub map_us: f64,
    /// Times native code was entered from the interpreter.
    pub entries: u64,
    /// Exits to the interpreter past the native call depth.
    pub exits: u64,
}

#[cfg(native_tier)]
pub use run::NativeJit;

#[cfg(test)]
mod tests {
    use super::holes::*;

    fn hole(at: u16, kind: Kind, sym: Sym, addend: i32) -> Hole {
        Hole { at, kind, sym, addend }
    }

    #[test]
    fn abs32s_patches_sign_extended_displacements() {
        // cmp byte ptr [rsi+disp32], 2
        let mut code = [0x80, 0xbe, 0, 0, 0, 0, 0x02];
        patch(&mut code, 0x1000, &hole(2, Kind::Abs32S, Sym::A, 0x10), 0x20).unwrap();
        assert_eq!(code, [0x80, 0xbe, 0x30, 0, 0, 0, 0x02]);
        patch(&mut code, 0x1000, &hole(2, Kind::Abs32S, Sym::A, 0), (-8i64) as u64).unwrap_err();
        let big = hole(2, Kind::Abs32S, Sym::A, 0);
        assert_eq!(patch(&mut code, 0, &big, 1 << 31), Err(OutOfRange { sym: Sym::A, kind: Kind::Abs32S, value: 1 << 31 }));
        patch(&mut code, 0, &big, (1 << 31) - 1).unwrap();
        assert_eq!(&code[2..6], &[0xff, 0xff, 0xff, 0x7f]);
    }

    #[test]
    fn abs32_patches_zero_extended_immediates() {
        // mov edx, imm32
        let mut code = [0xba, 0, 0, 0, 0];
        patch(&mut code, 0, &hole(1, Kind::Abs32, Sym::Pc, 0), 0xdead_beef).unwrap();
        assert_eq!(code, [0xba, 0xef, 0xbe, 0xad, 0xde]);
        assert!(patch(&mut code, 0, &hole(1, Kind::Abs32, Sym::Pc, 0), 1 << 32).is_err());
        assert!(patch(&mut code, 0, &hole(1, Kind::Abs32, Sym::Pc, -1), 0).is_err());
    }

    #[test]
    fn abs64_patches_eight_bytes() {
        let mut code = [0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0];
        patch(&mut code, 0, &hole(2, Kind::Abs64, Sym::C, 8), 0x1122_3344_5566_7700).unwrap();
        assert_eq!(&code[2..], &0x1122_3344_5566_7708u64.to_le_bytes());
    }

    #[test]
    fn rel32_patches_pc_relative_jumps() {
        // jmp rel32 at address 0x1000: the displacement counts from the end of the
        // instruction, which the addend -4 accounts for.
        let mut code = [0xe9, 0, 0, 0, 0];
        let jmp = hole(1, Kind::Rel32, Sym::Continue, -4);
        patch(&mut code, 0x1000, &jmp, 0x1005).unwrap();
        assert_eq!(code, [0xe9, 0, 0, 0, 0]);
        patch(&mut code, 0x1000, &jmp, 0x0f00).unwrap();
        assert_eq!(i32::from_le_bytes(code[1..5].try_into().unwrap()), 0x0f00 - 0x1005);
        assert!(patch(&mut code, 0x1000, &jmp, 0x1000 + (3 << 30)).is_err());
    }

    #[test]
    fn tail_check_demands_the_promised_jump() {
        let continue_jmp = [hole(1, Kind::Rel32, Sym::Continue, -4)];
        let code = [0xe9, 0, 0, 0, 0];
        check(&code, &continue_jmp, Tail::Continue).unwrap();
        assert!(check(&code, &continue_jmp, Tail::Target).unwrap_err().contains("_JIT_TARGET"));
        // A jump to the continuation that is not last: the slow path's `ret` follows.
        let code = [0xe9, 0, 0, 0, 0, 0xc3];
        assert!(check(&code, &continue_jmp, Tail::Continue).is_err());
        check(&code, &continue_jmp, Tail::Ret).unwrap();
        // The last five bytes are a jump, but to a constant address, not a hole.
        assert!(check(&[0x90, 0xe9, 0, 0, 0, 0], &[], Tail::Continue).is_err());
        // A jump whose hole has the wrong addend would not fall through when dropped.
        assert!(check(&[0xe9, 0, 0, 0, 0], &[hole(1, Kind::Rel32, Sym::Continue, 0)], Tail::Continue).is_err());
        // A code symbol through an absolute relocation, a number through a relative one.
        assert!(check(&[0xe9, 0, 0, 0, 0], &[hole(1, Kind::Abs32, Sym::Continue, -4)], Tail::Continue).is_err());
        assert!(check(&[0xba, 0, 0, 0, 0, 0xc3], &[hole(1, Kind::Rel32, Sym::A, 0)], Tail::Ret).is_err());
        // Holes past the end or overlapping.
        assert!(check(&[0xc3], &[hole(0, Kind::Abs32, Sym::A, 0)], Tail::Ret).is_err());
        assert!(check(&[0; 9], &[hole(0, Kind::Abs64, Sym::A, 0), hole(4, Kind::Abs32, Sym::B, 0)], Tail::Ret).is_err());
    }

    #[test]
    fn elf_relocation_types_map_to_kinds() {
        assert_eq!(Kind::from_elf(1), Some(Kind::Abs64));
        assert_eq!(Kind::from_elf(2), Some(Kind::Rel32));
        assert_eq!(Kind::from_elf(4), Some(Kind::Rel32));
        assert_eq!(Kind::from_elf(10), Some(Kind::Abs32));
        assert_eq!(Kind::from_elf(11), Some(Kind::Abs32S));
        assert_eq!(Kind::from_elf(9), None); // R_X86_64_GOTPCREL
    }

    #[test]
    fn stencil_rows_are_in_table_order() {
        for (i, id) in StencilId::ALL.iter().enumerate() {
            assert_eq!(*id as usize, i);
            assert_eq!(Sym::from_symbol(id.symbol()), None);
        }
        for s in Sym::ALL {
            assert_eq!(Sym::from_symbol(s.symbol()), Some(s));
        }
    }

    /// The table build.rs generated: every stencil passed the tail check (build.rs
    /// refuses otherwise), and the fast paths that matter are straight-line code.
    #[cfg(native_tier)]
    #[test]
    fn generated_table_holds_every_stencil() {
        use super::emit::TABLE;
        for (i, s) in TABLE.iter().enumerate() {
            assert_eq!(s.id as usize, i);
            check(s.code, s.holes, s.id.tail()).unwrap();
            // `short_holes` splits the holes at the short form's end: those the emitter
            // patches when it drops the trailing jump, and the jump's own.
            let (kept, dropped) = s.holes.split_at(s.short_holes as usize);
            assert!(kept.iter().all(|h| h.at as usize + h.kind.width() <= s.short_len()), "{:?}", s.id);
            assert!(dropped.iter().all(|h| h.at as usize >= s.short_len()), "{:?}", s.id);
        }
        // `Pop` is nothing but its jump to the next instruction, which is dropped.
        assert_eq!(TABLE[StencilId::Pop as usize].short_len(), 0);
        // The integer add goes to its cold stub, never to a helper directly.
        assert!(TABLE[StencilId::Add as usize].holes.iter().any(|h| h.sym == Sym::Cold));
        assert!(!TABLE[StencilId::Add as usize].holes.iter().any(|h| h.sym == Sym::Pc));
    }

    /// The stencils' view of a value agrees with `vm::value`.
    #[cfg(native_tier)]
    #[test]
    fn abi_layout_matches_the_vm() {
        use super::abi;
        use crate::vm::value::{tag, PAYLOAD_OFFSET};
        assert_eq!(std::mem::size_of::<abi::Slot>(), std::mem::size_of::<crate::vm::value::Value>());
        assert_eq!(std::mem::offset_of!(abi::Slot, payload), PAYLOAD_OFFSET);
        assert_eq!((abi::TAG_NULL, abi::TAG_BOOL, abi::TAG_INT, abi::TAG_BUILTIN), (tag::NULL, tag::BOOL, tag::INT, tag::BUILTIN));
        assert_eq!((abi::TAG_ARRAY, abi::TAG_CLOSURE, abi::TAG_CELL), (tag::ARRAY, tag::CLOSURE, tag::CELL));
        use crate::vm::array::{kind, BOOLS_AT, INTS_AT};
        assert_eq!((abi::KIND_MASK, abi::KIND_BOOLS, abi::BOOLS_AT), (kind::MASK, kind::BOOLS, BOOLS_AT));
        assert_eq!(abi::INTS_AT, INTS_AT);
        assert_eq!(abi::INTS_MAX, crate::vm::array::Ints::MAX as u64);
        let frame = crate::vm::Frame { proto: 1, closure: crate::vm::value::Ref(2), ip: 3, base: 4 };
        // SAFETY: both are four `u32`s, `repr(C)`.
        let rec: abi::FrameRec = unsafe { std::mem::transmute(frame) };
        assert_eq!((rec.proto, rec.closure, rec.ip, rec.base), (1, 2, 3, 4));
    }
}
