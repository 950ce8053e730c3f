//! The stencil model both build.rs and the runtime use: which stencils exist and how
//! each must end, the kinds of holes, the tail check and the patch arithmetic.
//!
//! build.rs includes this file by path (it cannot depend on the crate it builds), so it
//! uses nothing but `std`. Everything here is plain data and pure functions, unit-tested
//! in `native::tests`.

/// A stencil: one row per function in `stencils.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum StencilId {
    Constant,
    Null,
    True,
    False,
    Pop,
    Dup2,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    NotEq,
    Lt,
    Gt,
    LtEq,
    GtEq,
    Neg,
    Not,
    ToBool,
    Jump,
    JumpIfFalse,
    Loop,
    GetGlobal,
    SetGlobal,
    GetLocal,
    SetLocal,
    GetBuiltin,
    Index,
    SetIndex,
    GetFree,
    GetCell,
    SetCell,
    Call,
    Ret,
    Slow,
    SlowTarget,
    SlowBranch,
    Stop,
}

/// How a stencil must end (build.rs rejects one that does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tail {
    /// `jmp _JIT_CONTINUE`: falls through to the next instruction.
    Continue,
    /// `jmp _JIT_TARGET`: an unconditional branch.
    Target,
    /// `ret`: leaves native code.
    Ret,
}

impl Tail {
    /// Bytes at the end of a stencil with this tail that are dropped when control falls
    /// through to what is emitted next: the `jmp rel32` (none after a `ret`).
    pub const fn droppable(self) -> usize {
        match self {
            Tail::Continue | Tail::Target => 5,
            Tail::Ret => 0,
        }
    }
}

impl StencilId {
    /// Every stencil, in table order (`ALL[id as usize] == id`).
    pub const ALL: [StencilId; 39] = {
        use StencilId::*;
        [
            Constant, Null, True, False, Pop, Dup2, Add, Sub, Mul, Div, Rem, Eq, NotEq, Lt, Gt, LtEq, GtEq, Neg, Not, ToBool, Jump, JumpIfFalse, Loop,
            GetGlobal, SetGlobal, GetLocal, SetLocal, GetBuiltin, Index, SetIndex, GetFree, GetCell, SetCell, Call, Ret, Slow, SlowTarget, SlowBranch, Stop,
        ]
    };

    /// The function's name in `stencils.rs` (its section is `.text.<name>`).
    pub const fn symbol(self) -> &'static str {
        use StencilId::*;
        match self {
            Constant => "constant",
            Null => "null",
            True => "true_",
            False => "false_",
            Pop => "pop",
            Dup2 => "dup2",
            Add => "add",
            Sub => "sub",
            Mul => "mul",
            Div => "div",
            Rem => "rem",
            Eq => "eq",
            NotEq => "not_eq",
            Lt => "lt",
            Gt => "gt",
            LtEq => "lt_eq",
            GtEq => "gt_eq",
            Neg => "neg",
            Not => "not",
            ToBool => "to_bool",
            Jump => "jump",
            JumpIfFalse => "jump_if_false",
            Loop => "loop_",
            GetGlobal => "get_global",
            SetGlobal => "set_global",
            GetLocal => "get_local",
            SetLocal => "set_local",
            GetBuiltin => "get_builtin",
            Index => "index",
            SetIndex => "set_index",
            GetFree => "get_free",
            GetCell => "get_cell",
            SetCell => "set_cell",
            Call => "call",
            Ret => "ret",
            Slow => "slow",
            SlowTarget => "slow_target",
            SlowBranch => "slow_branch",
            Stop => "stop",
        }
    }

    pub const fn tail(self) -> Tail {
        match self {
            StencilId::Jump | StencilId::Loop | StencilId::SlowTarget => Tail::Target,
            StencilId::Ret | StencilId::Stop => Tail::Ret,
            _ => Tail::Continue,
        }
    }
}

/// What a hole stands for (the undefined symbol it refers to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Sym {
    /// Numbers: slot offsets from `base` (`A`, `B`), a constant's or global's byte offset
    /// or a builtin id (`C`), the slow path's pc and stack height.
    A,
    B,
    C,
    Pc,
    Height,
    /// Code addresses: the next instruction, the branch target, this instruction's cold
    /// stub, the shared stop stub.
    Continue,
    Target,
    Cold,
    Stop,
}

impl Sym {
    pub const ALL: [Sym; 9] = [Sym::A, Sym::B, Sym::C, Sym::Pc, Sym::Height, Sym::Continue, Sym::Target, Sym::Cold, Sym::Stop];

    /// The symbol's name in the object file.
    pub const fn symbol(self) -> &'static str {
        match self {
            Sym::A => "_JIT_A",
            Sym::B => "_JIT_B",
            Sym::C => "_JIT_C",
            Sym::Pc => "_JIT_PC",
            Sym::Height => "_JIT_HEIGHT",
            Sym::Continue => "_JIT_CONTINUE",
            Sym::Target => "_JIT_TARGET",
            Sym::Cold => "_JIT_COLD",
            Sym::Stop => "_JIT_STOP",
        }
    }

    pub fn from_symbol(name: &str) -> Option<Sym> {
        Sym::ALL.into_iter().find(|s| s.symbol() == name)
    }

    /// Whether the symbol is a code address (reached by a jump) rather than a number.
    pub const fn is_code(self) -> bool {
        matches!(self, Sym::Continue | Sym::Target | Sym::Cold | Sym::Stop)
    }
}

/// How a hole is patched: the x86-64 ELF relocation types rustc emits for the stencils.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `R_X86_64_64`: 8 bytes, `S + A`.
    Abs64,
    /// `R_X86_64_32`: 4 bytes, `S + A`, zero-extended by the instruction.
    Abs32,
    /// `R_X86_64_32S`: 4 bytes, `S + A`, sign-extended (displacements, `imm32` to 64 bits).
    Abs32S,
    /// `R_X86_64_PC32` / `R_X86_64_PLT32`: 4 bytes, `S + A - P` (jumps and calls).
    Rel32,
}

impl Kind {
    /// The kind for an ELF relocation type number, if the model supports it.
    pub fn from_elf(r_type: u32) -> Option<Kind> {
        match r_type {
            1 => Some(Kind::Abs64),   // R_X86_64_64
            2 | 4 => Some(Kind::Rel32), // R_X86_64_PC32, R_X86_64_PLT32
            10 => Some(Kind::Abs32),  // R_X86_64_32
            11 => Some(Kind::Abs32S), // R_X86_64_32S
            _ => None,
        }
    }

    pub const fn width(self) -> usize {
        match self {
            Kind::Abs64 => 8,
            _ => 4,
        }
    }
}

/// One hole of a stencil: `width` bytes at `at` to overwrite with `sym`'s value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hole {
    pub at: u16,
    pub kind: Kind,
    pub sym: Sym,
    pub addend: i32,
}

/// Check that `code` ends as `tail` requires: for `Continue`/`Target` a `jmp rel32`
/// whose displacement is a `Rel32` hole to `_JIT_CONTINUE`/`_JIT_TARGET` with the
/// addend -4 (so that dropping those five bytes makes control fall into whatever is
/// emitted next), for `Ret` a `ret`. Also that holes lie inside the code and do not
/// overlap, and that code symbols are only reached by `Rel32` holes.
pub fn check(code: &[u8], holes: &[Hole], tail: Tail) -> Result<(), String> {
    let mut covered = vec![false; code.len()];
    for h in holes {
        let range = h.at as usize..h.at as usize + h.kind.width();
        if range.end > code.len() {
            return Err(format!("hole {:?} at {} runs past the end ({} bytes)", h.sym, h.at, code.len()));
        }
        if covered[range.clone()].iter().any(|c| *c) {
            return Err(format!("hole {:?} at {} overlaps another", h.sym, h.at));
        }
        covered[range].fill(true);
        if h.sym.is_code() != (h.kind == Kind::Rel32) {
            return Err(format!("{} is reached by a {:?} relocation", h.sym.symbol(), h.kind));
        }
    }
    let want = match tail {
        Tail::Ret => return if code.last() == Some(&0xc3) { Ok(()) } else { Err("does not end in `ret`".into()) },
        Tail::Continue => Sym::Continue,
        Tail::Target => Sym::Target,
    };
    let n = code.len();
    let ends_in_jump = n >= 5
        && code[n - 5] == 0xe9
        && holes.iter().any(|h| h.at as usize == n - 4 && h.kind == Kind::Rel32 && h.sym == want && h.addend == -4);
    if ends_in_jump {
        Ok(())
    } else {
        Err(format!("does not end in `jmp {}`", want.symbol()))
    }
}

/// A patch value that does not fit its hole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    pub sym: Sym,
    pub kind: Kind,
    pub value: i128,
}

/// Patch `hole` in `code` (a stencil's copy, to be placed at address `place`) with
/// `value`: the number for a data hole, the destination address for a code hole.
#[inline(always)]
pub fn patch(code: &mut [u8], place: u64, hole: &Hole, value: u64) -> Result<(), OutOfRange> {
    let at = hole.at as usize;
    let err = |v: i64| OutOfRange { sym: hole.sym, kind: hole.kind, value: v.into() };
    // Values are addresses (below 2^47) or small numbers; past i64 is out of any range.
    let Ok(value) = i64::try_from(value) else {
        return Err(OutOfRange { sym: hole.sym, kind: hole.kind, value: value.into() });
    };
    let s = value + i64::from(hole.addend);
    match hole.kind {
        Kind::Abs64 => code[at..at + 8].copy_from_slice(&(s as u64).to_le_bytes()),
        Kind::Abs32 => code[at..at + 4].copy_from_slice(&u32::try_from(s).map_err(|_| err(s))?.to_le_bytes()),
        Kind::Abs32S => code[at..at + 4].copy_from_slice(&i32::try_from(s).map_err(|_| err(s))?.to_le_bytes()),
        Kind::Rel32 => {
            let rel = s.wrapping_sub((place + at as u64) as i64);
            code[at..at + 4].copy_from_slice(&i32::try_from(rel).map_err(|_| err(rel))?.to_le_bytes());
        }
    }
    Ok(())
}

/// A stencil as build.rs wrote it into the generated table.
#[derive(Clone, Copy, Debug)]
pub struct Stencil {
    pub id: StencilId,
    pub code: &'static [u8],
    /// Sorted by offset.
    pub holes: &'static [Hole],
    /// How many of `holes` lie within the first [`Stencil::short_len`] bytes (a prefix).
    pub short_holes: u8,
}

impl Stencil {
    /// Bytes emitted when the trailing jump falls through to what comes next.
    pub fn short_len(&self) -> usize {
        self.code.len() - self.id.tail().droppable()
    }
}
