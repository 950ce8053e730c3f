//! The trace IR: SSA instructions declared in one table, with snapshots.
//!
//! A trace is a straight line of instructions; control flow exists only as *guards*,
//! each carrying a [`Snapshot`] of the interpreter state to restore when the guard
//! fails. Every instruction has at most three operands (`a`, `b`, `c`) and an immediate
//! `imm`; the [`ir_ops!`] table gives each op its operand kinds, result type rule and
//! flags, and everything else (printing, parsing, the passes' notion of purity, the
//! code generator's dispatch) is driven from that table.
//!
//! Values are typed: `int` values are exact integers held as JS numbers (within
//! ±(2^53 − 1), guarded), `bool` JS booleans, `str`/`arr`/`hash`/`fn` heap handles,
//! `null`, and `any` — a *boxed* value, which in generated code is the address of a
//! 16-byte VM value in memory (a VM slot, a global, an array element or a scratch cell).
//! `Unbox` turns an `any` into a typed value (guarding its tag), `Box` does the reverse.
//!
//! Text form, one instruction per line (stable: dumps and pass tests use it):
//!
//! ```text
//! 0003 int   Unbox      %0002            #1
//! 0004 int   Add        %0003 %0001      #2
//! ---- LOOP
//! ```
//! `%N` is a reference to instruction N, `#S` the snapshot of a guard, `[k]` immediates.

use std::fmt;

/// A reference to an instruction's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IrRef(pub u32);

impl IrRef {
    pub const NONE: IrRef = IrRef(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn is_none(self) -> bool {
        self == IrRef::NONE
    }
}

impl fmt::Display for IrRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{:04}", self.0)
    }
}

/// The type of an IR value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// No value (stores, guards, markers).
    Void,
    Int,
    Bool,
    Null,
    Str,
    Arr,
    Hash,
    Fn,
    Builtin,
    /// A captured variable's cell (a heap handle).
    Cell,
    /// A boxed value: the address of a 16-byte VM value.
    Any,
    /// A string as a JavaScript string, not a heap handle: what the `jstr` pass keeps a
    /// loop's strings as (see [`IrOp::SToJ`]). It becomes a heap string only where it
    /// leaves JS: a store, a helper's argument, an exit.
    JStr,
}

impl Ty {
    pub const ALL: [Ty; 12] = [Ty::Void, Ty::Int, Ty::Bool, Ty::Null, Ty::Str, Ty::Arr, Ty::Hash, Ty::Fn, Ty::Builtin, Ty::Cell, Ty::Any, Ty::JStr];

    pub fn name(self) -> &'static str {
        match self {
            Ty::Void => "void",
            Ty::Int => "int",
            Ty::Bool => "bool",
            Ty::Null => "null",
            Ty::Str => "str",
            Ty::Arr => "arr",
            Ty::Hash => "hash",
            Ty::Fn => "fn",
            Ty::Builtin => "bi",
            Ty::Cell => "cell",
            Ty::Any => "any",
            Ty::JStr => "jstr",
        }
    }

    pub fn parse(s: &str) -> Option<Ty> {
        Ty::ALL.into_iter().find(|t| t.name() == s)
    }

    /// The VM value tag of a typed (non-`any`, non-`void`) value.
    pub fn tag(self) -> Option<u8> {
        use crate::vm::value::tag;
        Some(match self {
            Ty::Int => tag::INT,
            Ty::Bool => tag::BOOL,
            Ty::Null => tag::NULL,
            Ty::Str => tag::STR,
            Ty::Arr => tag::ARRAY,
            Ty::Hash => tag::HASH,
            Ty::Fn => tag::CLOSURE,
            Ty::Builtin => tag::BUILTIN,
            Ty::Cell => tag::CELL,
            Ty::Void | Ty::Any | Ty::JStr => return None,
        })
    }

    /// The type of a VM value with tag `tag`.
    pub fn of_tag(tag: u8) -> Ty {
        use crate::vm::value::tag as t;
        match tag {
            t::INT => Ty::Int,
            t::BOOL => Ty::Bool,
            t::NULL => Ty::Null,
            t::STR => Ty::Str,
            t::ARRAY => Ty::Arr,
            t::HASH => Ty::Hash,
            t::CLOSURE => Ty::Fn,
            t::BUILTIN => Ty::Builtin,
            t::CELL => Ty::Cell,
            _ => Ty::Any,
        }
    }

    /// Whether a value of this type is a heap handle (a JS number holding a `Ref`).
    pub fn is_handle(self) -> bool {
        matches!(self, Ty::Str | Ty::Arr | Ty::Hash | Ty::Fn | Ty::Cell)
    }
}

/// What an operand field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Unused.
    No,
    /// An instruction reference.
    Ref,
    /// A number (slot, global, constant index, tag...), printed as `[n]`.
    Lit,
}

/// Instruction flags.
pub mod flag {
    /// May exit the trace: has a snapshot.
    pub const GUARD: u8 = 1;
    /// Reads VM or heap state (may not be moved across stores to it).
    pub const LOAD: u8 = 2;
    /// Writes VM or heap state.
    pub const STORE: u8 = 4;
    /// Calls a runtime helper that may allocate (memory may grow; GC may become due).
    pub const ALLOC: u8 = 8;
    /// No side effects: may be CSE'd, folded, hoisted and removed when unused.
    pub const PURE: u8 = 16;
}

macro_rules! ir_ops {
    ($( $(#[doc = $doc:literal])* $name:ident ($a:ident, $b:ident, $c:ident) $flags:expr; )*) => {
        /// An IR operation. See the table in `ir.rs` for each one's meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum IrOp { $( $(#[doc = $doc])* $name, )* }

        impl IrOp {
            pub const ALL: &'static [IrOp] = &[$(IrOp::$name),*];

            pub fn name(self) -> &'static str {
                match self { $(IrOp::$name => stringify!($name),)* }
            }

            /// Operand kinds of `a`, `b`, `c`.
            pub fn kinds(self) -> [Kind; 3] {
                match self { $(IrOp::$name => [Kind::$a, Kind::$b, Kind::$c],)* }
            }

            pub fn flags(self) -> u8 {
                match self { $(IrOp::$name => $flags,)* }
            }
        }
    };
}

use flag::*;

ir_ops! {
    /// A deleted instruction (passes mark; compaction removes).
    Nop(No, No, No) PURE;
    /// Loop marker: instructions after it form the loop body; before it, the pre-roll.
    Loop(No, No, No) 0;
    /// Integer constant `imm`.
    KInt(No, No, No) PURE;
    /// Boolean constant `imm` (0 or 1).
    KBool(No, No, No) PURE;
    /// `null`.
    KNull(No, No, No) PURE;
    /// Heap handle `imm` of a constant (a string constant, a guarded closure): type from `ty`.
    KRef(No, No, No) PURE;
    /// The builtin function with id `imm`.
    KBuiltin(No, No, No) PURE;

    /// Boxed value of VM stack slot `a` (relative to the trace's root frame base).
    SLoad(Lit, No, No) LOAD;
    /// Store `b` (typed or boxed) to VM stack slot `a`.
    SStore(Lit, Ref, No) STORE;
    /// Boxed value of global `a`.
    GLoad(Lit, No, No) LOAD;
    /// Store `b` to global `a`.
    GStore(Lit, Ref, No) STORE;

    /// Guard that boxed `a` has the type `ty`, and give its payload (`int`: also guards
    /// that it is within ±(2^53 − 1)).
    Unbox(Ref, No, No) GUARD | LOAD;
    /// Box typed `a` (into a scratch cell of its own).
    Box(Ref, No, No) STORE;

    /// `a + b` on ints; guards that the result stays exact.
    Add(Ref, Ref, No) GUARD | PURE;
    /// `a - b`
    Sub(Ref, Ref, No) GUARD | PURE;
    /// `a * b`
    Mul(Ref, Ref, No) GUARD | PURE;
    /// `a / b`, truncating; guards `b != 0`.
    Div(Ref, Ref, No) GUARD | PURE;
    /// `a % b`; guards `b != 0`.
    Mod(Ref, Ref, No) GUARD | PURE;
    /// `-a`
    Neg(Ref, No, No) PURE;
    /// Integer comparisons.
    Lt(Ref, Ref, No) PURE;
    Le(Ref, Ref, No) PURE;
    Gt(Ref, Ref, No) PURE;
    Ge(Ref, Ref, No) PURE;
    /// Equality of two values of the same non-`any` type (ints, bools, handles: identity).
    Eq(Ref, Ref, No) PURE;
    Ne(Ref, Ref, No) PURE;
    /// String equality by content.
    StrEq(Ref, Ref, No) PURE;
    /// String comparison: `imm` is 0 `<`, 1 `<=`, 2 `>`, 3 `>=`.
    StrCmp(Ref, Ref, No) PURE;
    /// Boolean not.
    Not(Ref, No, No) PURE;
    /// Truthiness of a boxed value.
    Truthy(Ref, No, No) LOAD;

    /// Exit unless `a` is true.
    GuardTrue(Ref, No, No) GUARD;
    /// Exit unless `a` is false.
    GuardFalse(Ref, No, No) GUARD;
    /// Exit unless handle `a` equals `imm` (a specific closure or array), or builtin `a`
    /// is builtin `imm` (a call of a builtin held in a variable).
    GuardRef(Ref, No, No) GUARD;
    /// Exit unless closure `a` is an instance of function prototype `imm` (inlined calls:
    /// every closure of the same function runs the same code; captures are read through `a`).
    /// `b` is the closure seen when recording: when `a` is that one, no lookup is needed.
    GuardProto(Ref, Lit, No) GUARD;
    /// Exit unless `0 <= a < b` (array bounds; a write's index).
    GuardIndex(Ref, Ref, No) GUARD;
    /// Exit unless array `a`'s elements are of kind `imm` (`vm::array::kind`). A kind
    /// changes only when the VM unpacks an array, never while a trace runs, so one check
    /// holds for the whole trace. An element access of an array of values or of integers
    /// has none: its bounds check fails for the other kinds (see `ALen`). `imm`
    /// [`ELEMS_VALUES_OR_INTS`]: exit for packed booleans only.
    GuardKind(Ref, No, No) GUARD;
    /// Exit when the collector wants to run or the step budget is below `imm` (loop head).
    GuardBudget(No, No, No) GUARD;

    /// Length of array `a` (arrays never change length), read as for elements of kind
    /// `imm`: 1 packed booleans (the buffer's first word); 2 packed integers (the JIT
    /// table's length word complemented); -1 values (the word itself, [`ALEN_VALUES`]).
    /// For another kind than its own, 2's and -1's are 0 or negative, so that a bounds check
    /// against them fails (`vm::array`). 0: any kind's (for `len` and a for-in's test,
    /// with no kind check).
    ALen(Ref, No, No) PURE;
    /// Address of array `a`'s elements, with the array's kind in its low bits, as the JIT
    /// table has it (stable while a trace runs: see `GuardKind`).
    APtr(Ref, No, No) PURE;
    /// Element `b` of the array whose elements are at `a` (index in range), of kind
    /// `imm`: boxed for kind 0 (values), a `bool` for packed booleans; for packed
    /// integers, the element's address, which only its `Unbox` (to `int`) reads.
    ALoad(Ref, Ref, No) LOAD;
    /// Store `c` into element `b` of the elements at `a`, of kind `imm` (for packed
    /// booleans, `c` is a `bool`; for packed integers, an `int`).
    AStore(Ref, Ref, Ref) STORE;
    /// Length of string `a` in characters.
    SLen(Ref, No, No) PURE;
    /// Length of string `a` in bytes of UTF-8 (its JIT table entry's).
    SBytes(Ref, No, No) PURE;
    /// Character `b` of string `a` as a new string; null when out of range.
    SIndex(Ref, Ref, No) LOAD | ALLOC;
    /// `a + b` on strings: a new string; guards that it is not too large (the exit
    /// repeats the `+` in the interpreter, which raises the error).
    StrCat(Ref, Ref, No) GUARD | ALLOC;
    /// `hash[b]` (boxed key `b`): boxed value; guards the key is usable.
    HLoad(Ref, Ref, No) GUARD | LOAD;
    /// `hash[b] = c` (boxed key and value); guards the key is usable.
    HStore(Ref, Ref, Ref) GUARD | STORE | ALLOC;
    /// `push(a, b)`: a new array; guards that the allocator had room for it (the exit
    /// repeats the call in the interpreter, which raises `out of memory`).
    Push(Ref, Ref, No) GUARD | ALLOC;
    /// `str(a)` of a boxed value: a new string.
    ToStr(Ref, No, No) LOAD | ALLOC;

    /// The text of string handle `a` as a `jstr` (strings never change; the `jstr` pass).
    SToJ(Ref, No, No) PURE;
    /// `str(a)` of integer `a` as a `jstr`: JS prints an integer below 2^53 as Monkey does.
    IntToJ(Ref, No, No) PURE;
    /// String handle `a`'s characters, for `JIndex` only: a JS string when none needs a
    /// surrogate pair (a JS string's index is then a character's), else an array of
    /// one-character strings.
    SChars(Ref, No, No) PURE;
    /// Character `b` of `a` (an `SChars`) as a `jstr`; guards that `b` is in range.
    JIndex(Ref, Ref, No) GUARD | PURE;
    /// `a + b` on `jstr`s; guards that the result cannot be too large for a heap string
    /// (the exit repeats the `+` in the interpreter, which raises the error if it is).
    JCat(Ref, Ref, No) GUARD;
    /// `a == b` on `jstr`s.
    JEq(Ref, Ref, No) PURE;
    /// A new heap string holding `jstr` `a`.
    JToS(Ref, No, No) ALLOC;
    /// The closure running in the trace's root frame.
    RootFn(No, No, No) PURE;
    /// The cell of captured variable `imm` of closure `a` (a closure's captures never change).
    Free(Ref, No, No) PURE;
    /// Address of cell `a`'s value (a cell never moves its value).
    CAddr(Ref, No, No) PURE;
    /// Boxed value of the cell whose value is at address `a` (a `CAddr`).
    CLoad(Ref, No, No) LOAD;
    /// Store `b` into the cell whose value is at address `a` (a `CAddr`).
    CStore(Ref, Ref, No) STORE;

    /// Run inner loop trace `imm` (the trace of the loop whose head this is) in the frame
    /// whose local 0 is slot `a`, with memory made current from the snapshot first;
    /// continue when it leaves through its loop's exit to where recording resumed (`b`:
    /// that pc), otherwise leave with its exit.
    CallTrace(Lit, Lit, No) GUARD | STORE | ALLOC;
    /// Function traces: call this same function trace recursively for the call whose
    /// callee is in slot `a` (callee and arguments already stored there); its result is
    /// then in that slot. Any exit inside abandons the whole outermost call.
    CallSelf(Lit, No, No) STORE | ALLOC;
    /// Function traces: return `a` (stored into the frame's callee slot).
    Ret(Ref, No, No) STORE;
    /// Loop-carried value: `a` on entry, `b` from the previous iteration.
    Phi(Ref, Ref, No) 0;
}

/// `ALen`'s `imm` for an array known to hold values: the JIT table's length word, 0 or
/// negative for a packed array (whose reads then fail their bounds check).
pub const ALEN_VALUES: i64 = -1;

/// The `imm` of `ALen`, `ALoad` and `GuardKind` for an array that holds either values or
/// packed integers, in a loop that met both (`Trace::kinds_in_body`): the element is
/// read by the kind found in the pointer's low bits, with no side trace for the other
/// kind. Not an array kind (`vm::array::kind` has 0, 1, 2).
pub const ELEMS_VALUES_OR_INTS: i64 = 3;

impl IrOp {
    pub fn is_guard(self) -> bool {
        self.flags() & GUARD != 0
    }

    pub fn is_pure(self) -> bool {
        self.flags() & PURE != 0
    }

    pub fn parse(name: &str) -> Option<IrOp> {
        IrOp::ALL.iter().copied().find(|op| op.name() == name)
    }
}

/// One instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ins {
    pub op: IrOp,
    pub ty: Ty,
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub imm: i64,
    /// Snapshot index for guards (`u32::MAX` when none).
    pub snap: u32,
}

pub const NO_SNAP: u32 = u32::MAX;

impl Ins {
    pub fn new(op: IrOp, ty: Ty) -> Ins {
        Ins { op, ty, a: 0, b: 0, c: 0, imm: 0, snap: NO_SNAP }
    }

    pub fn ra(&self) -> IrRef {
        IrRef(self.a)
    }

    pub fn rb(&self) -> IrRef {
        IrRef(self.b)
    }

    pub fn rc(&self) -> IrRef {
        IrRef(self.c)
    }

    /// The references among the operands.
    pub fn refs(&self) -> impl Iterator<Item = IrRef> + '_ {
        self.op.kinds().into_iter().zip([self.a, self.b, self.c]).filter(|(k, _)| *k == Kind::Ref).map(|(_, v)| IrRef(v))
    }

    /// The location an `SLoad`/`GLoad` reads.
    pub fn loaded(&self) -> Option<Carried> {
        match self.op {
            IrOp::SLoad => Some(Carried::Slot(self.a)),
            IrOp::GLoad => Some(Carried::Global(self.a)),
            _ => None,
        }
    }

    /// The location an `SStore`/`GStore` writes.
    pub fn stored(&self) -> Option<Carried> {
        match self.op {
            IrOp::SStore => Some(Carried::Slot(self.a)),
            IrOp::GStore => Some(Carried::Global(self.a)),
            _ => None,
        }
    }

    /// Rewrite every reference operand with `f`.
    pub fn map_refs(&mut self, mut f: impl FnMut(IrRef) -> IrRef) {
        let kinds = self.op.kinds();
        for (kind, field) in kinds.iter().zip([&mut self.a, &mut self.b, &mut self.c]) {
            if *kind == Kind::Ref {
                *field = f(IrRef(*field)).0;
            }
        }
    }
}

/// An inlined frame to rebuild on exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameSnap {
    /// Slot (relative to the root base) of the frame's local 0; its callee is at `base - 1`.
    pub base: u32,
    pub proto: u32,
    /// Where the caller resumes when this frame returns.
    pub return_pc: u32,
}

/// The interpreter state a guard restores: values of modified slots, inlined frames,
/// and where to resume.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// Bytecode pc to resume at, in the innermost frame.
    pub pc: u32,
    /// Inlined frames, outermost first (empty in the root frame).
    pub frames: Vec<FrameSnap>,
    /// `(slot, value)` for every slot whose memory is stale, sorted by slot.
    pub slots: Vec<(u32, IrRef)>,
    /// Stack height (slots above the root base) at `pc`.
    pub top: u32,
    /// Globals whose stores were sunk: `(global, value)`.
    pub globals: Vec<(u32, IrRef)>,
    /// Steps (calls) taken in the current iteration before this point.
    pub calls: u32,
    /// Back-edges of enclosing loops a side path went round before this point (each a
    /// step and a loop iteration of its own; see `Op::Loop` in record.rs).
    pub loops: u32,
}

/// A location whose value a loop carries from one iteration to the next. Ordered slots
/// first, then globals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Carried {
    Slot(u32),
    Global(u32),
}

impl Carried {
    /// The instruction that loads this location (boxed).
    pub fn load(self) -> Ins {
        match self {
            Carried::Slot(s) => Ins { a: s, ..Ins::new(IrOp::SLoad, Ty::Any) },
            Carried::Global(g) => Ins { a: g, ..Ins::new(IrOp::GLoad, Ty::Any) },
        }
    }
}

impl Snapshot {
    /// Steps the current iteration took before this point: its calls and the back-edges
    /// of enclosing loops it went round.
    pub fn steps(&self) -> u32 {
        self.calls + self.loops
    }

    /// Every location the snapshot restores, with its value: slots, then globals.
    pub fn locations(&self) -> impl Iterator<Item = (Carried, IrRef)> + '_ {
        self.slots.iter().map(|(s, r)| (Carried::Slot(*s), *r)).chain(self.globals.iter().map(|(g, r)| (Carried::Global(*g), *r)))
    }
}

/// A recorded (and then optimized) trace.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub ins: Vec<Ins>,
    pub snaps: Vec<Snapshot>,
    /// After `peel`: each PHI and the location it carries.
    pub carried: Vec<(IrRef, Carried)>,
    /// Locations `peel` must carry in PHIs even if this trace never stores them (side
    /// traces store them).
    pub force_carried: Vec<Carried>,
    /// Locations the loop may write on paths the trace did not take, with the type they
    /// held: `peel` loads and carries them (see `Recorder::adopt`).
    pub adopted: Vec<(Carried, Ty)>,
    /// Adopted integer locations seen small (|x| < 2^20, as `Unbox`'s `imm` 1 marks):
    /// their loads at the loop head are marked so (`opt::range` may speculate on them).
    pub adopted_small: Vec<Carried>,
    /// Written-before-read locations that `hoist` gave a PHI starting from a preheader
    /// load (see `opt::hoist`).
    pub entry_loaded: Vec<Carried>,
    /// Adopted or written-before-read locations that must not get such a PHI: a side trace
    /// stores a value of another type there.
    pub no_entry_phi: Vec<Carried>,
    /// After `range`: PHIs the optimizer assumed within these bounds. The loop's own path
    /// keeps them there; a side trace that hands such a PHI a value outside them leaves
    /// at the loop head instead.
    pub phi_ranges: Vec<(IrRef, i64, i64)>,
    /// After `range`: what holds of a value from an instruction on, for the rest of the
    /// iteration (value, instruction, bounds): each integer PHI's range from the loop
    /// head, and what guards narrow (`x < n`; an int32 `Div`'s operands). A side trace
    /// starting after that instruction starts knowing it.
    pub facts: Vec<(IrRef, IrRef, i64, i64)>,
    /// After `range`: PHIs of `phi_ranges` that are induction variables, with the body
    /// guard that bounds each and its step: a side trace that starts after that guard and
    /// hands the PHI itself plus at most that step keeps it in range.
    pub inductions: Vec<(IrRef, IrRef, i64)>,
    /// After `bce`: PHIs whose index checks `bce` removed because they start non-negative
    /// and only grow. A side trace that hands one a negative value leaves at the loop
    /// head instead (js.rs; without that, a side path setting `i = -8` read in front of
    /// the array: found by a bug hunt, where `range` had no bounds for the PHI).
    pub nonnegative: Vec<IrRef>,
    /// After `range`: PHIs that are *counters* (`opt::range::counter`): every path round
    /// the loop changes them by at most `COUNTER_STEP`, so what a side trace hands a
    /// counter needs no bounds check when it is a counter's value or `p ± c` of one (`|c|`
    /// at most that step; js.rs `keeps_bounds`). Their ranges are in `facts`.
    pub counters: Vec<IrRef>,
    /// After `range`: the most iterations the trace may run per entry, when fewer than
    /// `opt::range::MAX_ITERATIONS` (an accumulator's guards were dropped on that
    /// condition, `opt::range::accumulator`). The code generator clamps its budget to it;
    /// the trace then leaves at the loop head, and is entered again at the next back-edge.
    pub max_iterations: Option<i64>,
    /// After `hoist`: the instructions before `Loop` are a preheader, not an iteration.
    pub preheader: bool,
    /// Arrays of both kinds (`vm::array`) met this loop: a trace of it that checked the
    /// kind before the loop kept failing there. Its kind checks stay in the loop body
    /// (every element access has one; `guard` keeps them, `hoist` drops the pre-roll's,
    /// `bce` leaves bounds checks alone), where a side trace takes the other kind.
    pub kinds_in_body: bool,
    /// Stack height (slots above the root base) at the loop head: slots from here up
    /// belong to one iteration (inlined frames, temporaries) and are dead at the head.
    pub header_top: u32,
    /// Locals below [`Trace::header_top`] that are dead at the loop head
    /// ([`crate::bytecode::liveness`]): a `let` in the loop body, written before every
    /// read. Like the slots above `header_top`, one iteration's temporaries.
    pub dead_at_head: Vec<u32>,
    /// A function trace (entered at a call, ends in `Ret`) rather than a loop trace.
    pub function: bool,
}

impl Trace {
    pub fn get(&self, r: IrRef) -> &Ins {
        &self.ins[r.index()]
    }

    /// Index of the `Loop` marker, if the trace has been peeled.
    pub fn loop_index(&self) -> Option<usize> {
        self.ins.iter().position(|i| i.op == IrOp::Loop)
    }

    /// Whether `loc` is one iteration's temporary, dead at the loop head: a slot from the
    /// loop head's stack height up ([`Trace::header_top`]: an inlined frame, an operand),
    /// or a local the loop body writes before every read ([`Trace::dead_at_head`]).
    pub fn temporary(&self, loc: Carried) -> bool {
        matches!(loc, Carried::Slot(s) if s >= self.header_top || self.dead_at_head.contains(&s))
    }

    /// Number of live (non-`Nop`) instructions.
    pub fn live_len(&self) -> usize {
        self.ins.iter().filter(|i| i.op != IrOp::Nop).count()
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, ins) in self.ins.iter().enumerate() {
            if ins.op == IrOp::Nop {
                continue;
            }
            if ins.op == IrOp::Loop {
                writeln!(f, "---- LOOP{}", if self.preheader { " (preheader above)" } else { "" })?;
                continue;
            }
            let mut line = format!("{i:04} {:<5} {:<10}", ins.ty.name(), ins.op.name());
            for (kind, v) in ins.op.kinds().into_iter().zip([ins.a, ins.b, ins.c]) {
                match kind {
                    Kind::Ref => line.push_str(&format!(" {}", IrRef(v))),
                    Kind::Lit => line.push_str(&format!(" [{v}]")),
                    Kind::No => {}
                }
            }
            if ins.imm != 0 || matches!(ins.op, IrOp::KInt | IrOp::KBool | IrOp::KRef) {
                line.push_str(&format!(" ={}", ins.imm));
            }
            if ins.snap != NO_SNAP {
                line.push_str(&format!(" #{}", ins.snap));
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        if !self.carried.is_empty() {
            let carried: Vec<String> = self
                .carried
                .iter()
                .map(|(p, loc)| match loc {
                    Carried::Slot(s) => format!("{p}=s{s}"),
                    Carried::Global(g) => format!("{p}=g{g}"),
                })
                .collect();
            writeln!(f, "carried {}", carried.join(" "))?;
        }
        if let Some(m) = self.max_iterations {
            writeln!(f, "max-iterations {m}")?;
        }
        if self.kinds_in_body {
            writeln!(f, "kinds-in-body")?;
        }
        for (i, s) in self.snaps.iter().enumerate() {
            let slots: Vec<String> = s.slots.iter().map(|(k, r)| format!("{k}:{r}")).collect();
            let globals: Vec<String> = s.globals.iter().map(|(k, r)| format!("g{k}:{r}")).collect();
            let frames: Vec<String> = s.frames.iter().map(|fr| format!("f{}@{}>{}", fr.proto, fr.base, fr.return_pc)).collect();
            let loops = if s.loops > 0 { format!(" loops={}", s.loops) } else { String::new() };
            let line = format!("#{i} pc={} top={} calls={}{loops} [{}] {{{}}} {}", s.pc, s.top, s.calls, frames.join(" "), slots.join(" "), globals.join(" "));
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Parse the text form printed by `Display` (instructions, `---- LOOP`, snapshot lines).
/// Indices in the text are kept (gaps become `Nop`), so a printed trace parses back to
/// an equal one. Used by the optimizer's before/after tests and by dump tooling.
impl std::str::FromStr for Trace {
    type Err = String;

    fn from_str(text: &str) -> Result<Trace, String> {
        let mut trace = Trace::default();
        let mut pending_loop = false;
        for (n, line) in text.lines().enumerate().map(|(n, l)| (n + 1, l.trim())) {
            if line.is_empty() {
                continue;
            }
            if line == "---- LOOP" || line == "---- LOOP (preheader above)" {
                pending_loop = true;
                trace.preheader = line.ends_with("above)");
                continue;
            }
            let err = |what: &str| format!("line {n}: {what}: {line}");
            if let Some(rest) = line.strip_prefix("carried ") {
                for entry in rest.split_whitespace() {
                    let (r, loc) = entry.split_once('=').ok_or_else(|| err("bad carried entry"))?;
                    let r = IrRef(r.strip_prefix('%').and_then(|r| r.parse().ok()).ok_or_else(|| err("bad carried ref"))?);
                    let num = |t: &str| t[1..].parse::<u32>().map_err(|_| err("bad carried location"));
                    let loc = match loc.as_bytes().first() {
                        Some(b's') => Carried::Slot(num(loc)?),
                        Some(b'g') => Carried::Global(num(loc)?),
                        _ => return Err(err("bad carried location")),
                    };
                    trace.carried.push((r, loc));
                }
                continue;
            }
            if line.trim() == "kinds-in-body" {
                trace.kinds_in_body = true;
                continue;
            }
            if let Some(rest) = line.strip_prefix("max-iterations ") {
                trace.max_iterations = Some(rest.trim().parse().map_err(|_| err("bad max-iterations"))?);
                continue;
            }
            if let Some(rest) = line.strip_prefix('#') {
                trace.snaps.push(parse_snapshot(rest).map_err(|e| err(&e))?);
                continue;
            }
            let mut words = line.split_whitespace();
            let index: usize = words.next().and_then(|w| w.parse().ok()).ok_or_else(|| err("no index"))?;
            let ty = words.next().and_then(Ty::parse).ok_or_else(|| err("bad type"))?;
            let op = words.next().and_then(IrOp::parse).ok_or_else(|| err("bad op"))?;
            if index < trace.ins.len() + usize::from(pending_loop) {
                return Err(err("indices must increase"));
            }
            while trace.ins.len() < index {
                let filler = if pending_loop { IrOp::Loop } else { IrOp::Nop };
                pending_loop = false;
                trace.ins.push(Ins::new(filler, Ty::Void));
            }
            if pending_loop {
                return Err(err("---- LOOP needs a free index before the next instruction"));
            }
            let mut ins = Ins::new(op, ty);
            let mut fields = [0u32; 3];
            let mut next = 0;
            for word in words {
                if let Some(r) = word.strip_prefix('%') {
                    *fields.get_mut(next).ok_or_else(|| err("too many operands"))? = r.parse().map_err(|_| err("bad ref"))?;
                    next += 1;
                } else if let Some(l) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
                    *fields.get_mut(next).ok_or_else(|| err("too many operands"))? = l.parse().map_err(|_| err("bad literal"))?;
                    next += 1;
                } else if let Some(v) = word.strip_prefix('=') {
                    ins.imm = v.parse().map_err(|_| err("bad immediate"))?;
                } else if let Some(s) = word.strip_prefix('#') {
                    ins.snap = s.parse().map_err(|_| err("bad snapshot"))?;
                } else {
                    return Err(err("unexpected word"));
                }
            }
            [ins.a, ins.b, ins.c] = fields;
            trace.ins.push(ins);
        }
        let needed = trace.ins.iter().filter(|i| i.snap != NO_SNAP).map(|i| i.snap as usize + 1).max().unwrap_or(0);
        while trace.snaps.len() < needed {
            trace.snaps.push(Snapshot::default());
        }
        Ok(trace)
    }
}

fn parse_snapshot(text: &str) -> Result<Snapshot, String> {
    let mut snap = Snapshot::default();
    let (_, rest) = text.split_once(' ').ok_or("empty snapshot")?;
    let mut rest = rest.trim();
    while !rest.is_empty() {
        if let Some(body) = rest.strip_prefix('[') {
            let (inner, after) = body.split_once(']').ok_or("unclosed [")?;
            for f in inner.split_whitespace() {
                let f = f.strip_prefix('f').ok_or("bad frame")?;
                let (proto, more) = f.split_once('@').ok_or("bad frame")?;
                let (base, ret) = more.split_once('>').ok_or("bad frame")?;
                let num = |s: &str| s.parse::<u32>().map_err(|_| "bad frame number".to_string());
                snap.frames.push(FrameSnap { proto: num(proto)?, base: num(base)?, return_pc: num(ret)? });
            }
            rest = after.trim();
        } else if let Some(body) = rest.strip_prefix('{') {
            let (inner, after) = body.split_once('}').ok_or("unclosed {")?;
            for entry in inner.split_whitespace() {
                let (slot, r) = entry.split_once(":%").ok_or("bad slot entry")?;
                snap.slots.push((slot.parse().map_err(|_| "bad slot")?, IrRef(r.parse().map_err(|_| "bad ref")?)));
            }
            rest = after.trim();
        } else {
            let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
            if let Some(v) = word.strip_prefix("pc=") {
                snap.pc = v.parse().map_err(|_| "bad pc")?;
            } else if let Some(v) = word.strip_prefix("top=") {
                snap.top = v.parse().map_err(|_| "bad top")?;
            } else if let Some(v) = word.strip_prefix("calls=") {
                snap.calls = v.parse().map_err(|_| "bad calls")?;
            } else if let Some(v) = word.strip_prefix("loops=") {
                snap.loops = v.parse().map_err(|_| "bad loops")?;
            } else if let Some(g) = word.strip_prefix('g') {
                let (g, r) = g.split_once(":%").ok_or("bad global entry")?;
                snap.globals.push((g.parse().map_err(|_| "bad global")?, IrRef(r.parse().map_err(|_| "bad ref")?)));
            } else {
                return Err(format!("unexpected `{word}`"));
            }
            rest = after.trim();
        }
    }
    Ok(snap)
}
