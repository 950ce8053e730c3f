//! The instruction set, declared once.
//!
//! Every opcode is one row of the [`opcodes!`] table below: its name, its operands
//! (each with a fixed width) and its stack effect as an expression of those operands.
//! Everything else is derived from that row: the [`Op`] enum, the byte encoding and
//! decoding ([`Instr::decode`]), instruction sizes, the disassembler, the compiler's
//! stack-depth bookkeeping (which gives every function its exact maximum stack size),
//! and in later tiers the recorder and the stencil tables. A new opcode is one new row
//! plus its case in the interpreter; the Rust compiler's exhaustiveness check finds
//! every other `match` that must learn about it.
//!
//! Encoding: one opcode byte, then the operands little-endian, `U8` = 1 byte,
//! `U16` = 2, `U32` = 4. Jump targets are absolute byte offsets in the function's code.
//!
//! Stack effects are `(pops, pushes)`. Control-flow joins are structured, so the
//! operand-stack depth at every instruction is a static property of the code.

use std::fmt;

/// The width of one operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    U8,
    U16,
    U32,
}

impl Operand {
    /// Encoded size in bytes.
    pub const fn size(self) -> usize {
        match self {
            Operand::U8 => 1,
            Operand::U16 => 2,
            Operand::U32 => 4,
        }
    }

    /// The largest value the operand can hold.
    pub const fn max(self) -> u32 {
        match self {
            Operand::U8 => u8::MAX as u32,
            Operand::U16 => u16::MAX as u32,
            Operand::U32 => u32::MAX,
        }
    }
}

macro_rules! opcodes {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $($arg:ident : $kind:ident),* ) => pops $pops:expr, pushes $pushes:expr;
    )*) => {
        /// A bytecode operation. See the table in this module for each one's meaning.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Op {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Op {
            /// Every opcode, in encoding order (`Op::ALL[b]` has byte value `b`).
            pub const ALL: &'static [Op] = &[$(Op::$name),*];

            /// The opcode's name as the disassembler prints it.
            pub const fn name(self) -> &'static str {
                match self { $(Op::$name => stringify!($name),)* }
            }

            /// The operands' widths, in encoding order.
            #[inline]
            pub const fn operands(self) -> &'static [Operand] {
                match self { $(Op::$name => &[$(Operand::$kind),*],)* }
            }

            /// Encoded size of the whole instruction in bytes.
            #[inline]
            pub const fn size(self) -> usize {
                match self { $(Op::$name => 1 $(+ Operand::$kind.size())*,)* }
            }

            /// The operands' names, as declared (for documentation and dumps).
            pub const fn operand_names(self) -> &'static [&'static str] {
                match self { $(Op::$name => &[$(stringify!($arg)),*],)* }
            }

            /// The one-line description from the table.
            pub const fn doc(self) -> &'static str {
                match self { $(Op::$name => concat!($($doc),*),)* }
            }

            /// `(pops, pushes)` for this opcode with the given operand values.
            #[allow(unused_variables, unused_assignments, unused_mut)]
            #[inline]
            pub fn stack_effect(self, args: &[u32]) -> (u32, u32) {
                match self {
                    $(Op::$name => {
                        let mut i = 0;
                        $( let $arg = args.get(i).copied().unwrap_or(0); i += 1; )*
                        ($pops, $pushes)
                    })*
                }
            }
        }
    };
}

opcodes! {
    /// Push constant `idx` of the program's constant pool.
    Const(idx: U16) => pops 0, pushes 1;
    /// Push `null`.
    Null() => pops 0, pushes 1;
    /// Push `true`.
    True() => pops 0, pushes 1;
    /// Push `false`.
    False() => pops 0, pushes 1;
    /// Discard the top of the stack.
    Pop() => pops 1, pushes 0;
    /// Duplicate the top two values (`a b` → `a b a b`); used by compound index assignment.
    Dup2() => pops 2, pushes 4;

    /// `a + b` (integers wrap; strings concatenate).
    Add() => pops 2, pushes 1;
    /// `a - b`
    Sub() => pops 2, pushes 1;
    /// `a * b`
    Mul() => pops 2, pushes 1;
    /// `a / b`, truncating; error on zero.
    Div() => pops 2, pushes 1;
    /// `a % b`, sign of the dividend; error on zero.
    Mod() => pops 2, pushes 1;
    /// `a == b`
    Eq() => pops 2, pushes 1;
    /// `a != b`
    NotEq() => pops 2, pushes 1;
    /// `a < b`
    Lt() => pops 2, pushes 1;
    /// `a > b`
    Gt() => pops 2, pushes 1;
    /// `a <= b`
    LtEq() => pops 2, pushes 1;
    /// `a >= b`
    GtEq() => pops 2, pushes 1;
    /// `-a`
    Neg() => pops 1, pushes 1;
    /// `!a`
    Not() => pops 1, pushes 1;
    /// Replace the top value by its truthiness as a boolean (for `&&` and `||`).
    ToBool() => pops 1, pushes 1;

    /// Jump to `target`.
    Jump(target: U32) => pops 0, pushes 0;
    /// Pop; jump to `target` when the value is falsy.
    JumpIfFalse(target: U32) => pops 1, pushes 0;
    /// Loop back-edge: count one step for loop `loop_id`, then jump back to `target`.
    /// Also a GC safepoint and, in later tiers, the hot-loop counter.
    Loop(target: U32, loop_id: U16) => pops 0, pushes 0;

    /// Push global `slot`.
    GetGlobal(slot: U16) => pops 0, pushes 1;
    /// Pop into global `slot`.
    SetGlobal(slot: U16) => pops 1, pushes 0;
    /// Push local `slot` of the current frame.
    GetLocal(slot: U16) => pops 0, pushes 1;
    /// Pop into local `slot`.
    SetLocal(slot: U16) => pops 1, pushes 0;
    /// Local `slot` holds a cell (a captured binding): push the cell's value.
    GetCell(slot: U16) => pops 0, pushes 1;
    /// Pop into the cell held by local `slot`.
    SetCell(slot: U16) => pops 1, pushes 0;
    /// Start a new binding: wrap local `slot`'s current value in a fresh cell stored in the slot.
    MakeCell(slot: U16) => pops 0, pushes 0;
    /// Push the value of the current closure's captured cell `idx`.
    GetFree(idx: U16) => pops 0, pushes 1;
    /// Pop into the current closure's captured cell `idx`.
    SetFree(idx: U16) => pops 1, pushes 0;
    /// Push builtin function `id`.
    GetBuiltin(id: U8) => pops 0, pushes 1;

    /// Make a closure of function `proto`, capturing the cells its capture list names.
    Closure(proto: U16) => pops 0, pushes 1;
    /// Call the value below the `argc` arguments; leaves its result in its place.
    Call(argc: U8) => pops 1 + argc, pushes 1;
    /// Return the top of the stack from the current function (or end the program).
    Return() => pops 1, pushes 0;

    /// Check that the top value can be a hash key (a hash literal's computed key).
    CheckKey() => pops 1, pushes 1;
    /// Pop `n` values into a new array.
    Array(n: U16) => pops n, pushes 1;
    /// Pop `n` key/value pairs into a new hash (keys and values interleaved, in order).
    Hash(n: U16) => pops 2 * n, pushes 1;
    /// `container[index]`
    Index() => pops 2, pushes 1;
    /// `container[index] = value`; pops all three.
    SetIndex() => pops 3, pushes 0;

    /// Check the top value is iterable (array or string) and store it in local `coll`;
    /// set local `cursor` to 0.
    IterInit(coll: U16, cursor: U16) => pops 1, pushes 0;
    /// Push the next element of local `coll` and advance `cursor`, or jump to `exit` when done.
    IterNext(coll: U16, cursor: U16, exit: U32) => pops 0, pushes 1;
    /// Check that the two range bounds on the stack are integers.
    RangeCheck() => pops 2, pushes 2;
}

impl Op {
    /// Decode an opcode byte.
    #[inline]
    pub fn from_byte(byte: u8) -> Option<Op> {
        Op::ALL.get(byte as usize).copied()
    }

    /// Jump target operand's index, for ops that branch.
    #[inline]
    pub fn branch_operand(self) -> Option<usize> {
        match self {
            Op::Jump | Op::JumpIfFalse | Op::Loop => Some(0),
            Op::IterNext => Some(2),
            _ => None,
        }
    }

    /// Whether control never falls through to the next instruction.
    #[inline]
    pub fn is_terminator(self) -> bool {
        matches!(self, Op::Jump | Op::Loop | Op::Return)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    pub op: Op,
    /// Operand values; only the first `op.operands().len()` are meaningful.
    pub args: [u32; 3],
    /// Byte offset of the instruction.
    pub pc: usize,
}

impl Instr {
    /// Decode the instruction at `pc`, or `None` if the bytes there are not a whole instruction.
    // Always inlined: returned through memory, the `Instr` costs a store-forwarding stall
    // per use (four-byte stores of the operands, eight-byte loads of the struct).
    #[inline(always)]
    pub fn decode(code: &[u8], pc: usize) -> Option<Instr> {
        let op = Op::from_byte(*code.get(pc)?)?;
        let mut args = [0u32; 3];
        let mut at = pc + 1;
        for (slot, kind) in args.iter_mut().zip(op.operands()) {
            let bytes = code.get(at..at + kind.size())?;
            *slot = bytes.iter().rev().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
            at += kind.size();
        }
        Some(Instr { op, args, pc })
    }

    /// The meaningful operands.
    #[inline]
    pub fn operands(&self) -> &[u32] {
        &self.args[..self.op.operands().len()]
    }

    /// Byte offset of the next instruction.
    #[inline]
    pub fn next_pc(&self) -> usize {
        self.pc + self.op.size()
    }

    /// The pc a branch goes to when taken (its [`Op::branch_operand`]).
    #[inline]
    pub fn branch_target(&self) -> Option<usize> {
        self.op.branch_operand().map(|k| self.args[k] as usize)
    }
}

/// Append one instruction to `code`. Panics only on a compiler bug (operand count or an
/// operand too wide); the compiler checks user-controlled limits before emitting.
pub fn encode(code: &mut Vec<u8>, op: Op, args: &[u32]) {
    assert_eq!(args.len(), op.operands().len(), "operand count for {op}");
    code.push(op as u8);
    for (value, kind) in args.iter().zip(op.operands()) {
        assert!(*value <= kind.max(), "operand {value} too wide for {op}");
        code.extend_from_slice(&value.to_le_bytes()[..kind.size()]);
    }
}

/// Iterate over the instructions of a function's code.
pub fn instructions(code: &[u8]) -> impl Iterator<Item = Instr> + '_ {
    let mut pc = 0;
    std::iter::from_fn(move || {
        let instr = Instr::decode(code, pc)?;
        pc = instr.next_pc();
        Some(instr)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opcode_round_trips() {
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(Op::from_byte(i as u8), Some(*op));
            let args: Vec<u32> = op.operands().iter().map(|k| k.max() - 1).collect();
            let mut code = Vec::new();
            encode(&mut code, *op, &args);
            assert_eq!(code.len(), op.size());
            let instr = Instr::decode(&code, 0).expect("decodes");
            assert_eq!(instr.op, *op);
            assert_eq!(instr.operands(), &args[..]);
        }
    }

    #[test]
    fn truncated_instruction_does_not_decode() {
        let mut code = Vec::new();
        encode(&mut code, Op::Jump, &[1234]);
        assert!(Instr::decode(&code[..3], 0).is_none());
        assert!(Instr::decode(&[255], 0).is_none());
    }

    #[test]
    fn stack_effects_follow_operands() {
        assert_eq!(Op::Call.stack_effect(&[3]), (4, 1));
        assert_eq!(Op::Hash.stack_effect(&[2]), (4, 1));
        assert_eq!(Op::Add.stack_effect(&[]), (2, 1));
    }
}
