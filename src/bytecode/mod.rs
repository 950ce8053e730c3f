//! Bytecode: the instruction set ([`opcodes`]), compiled functions ([`program`]) and
//! the disassembler ([`disasm`]) and the stack-depth verifier ([`verify`]).

pub mod disasm;
pub mod opcodes;
pub mod program;
pub mod verify;

pub use opcodes::{encode, instructions, Instr, Op, Operand};
pub use program::{Capture, Constant, Globals, Program, Proto};
