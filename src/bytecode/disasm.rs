//! The bytecode listing (`--dump=bytecode`, `compile()` in the JS API).
//!
//! Driven entirely by the opcode table: operand names and widths come from each op's
//! declaration, so a new opcode needs nothing here. Format, one function per section:
//!
//! ```text
//! fn fib(n)  params=1 locals=1 stack=4 loops=0
//!   0000  1:19  GetLocal slot=0
//!   0003  1:21  Const idx=0        ; 2
//! ```

use std::fmt::Write;

use super::{instructions, Constant, Op, Program, Proto};

/// List every function of `program` from index `first` on.
pub fn disassemble(program: &Program, first: usize) -> String {
    let mut out = String::new();
    for proto in program.protos.iter().skip(first) {
        function(program, proto, &mut out);
    }
    out
}

/// List one function.
pub fn function(program: &Program, proto: &Proto, out: &mut String) {
    let _ = writeln!(
        out,
        "fn {}({})  params={} locals={} stack={} loops={}",
        proto.name,
        proto.params.join(", "),
        proto.arity(),
        proto.num_locals,
        proto.max_stack,
        proto.num_loops
    );
    for instr in instructions(&proto.code) {
        let mut line = format!("  {:04}  {:<6}{}", instr.pc, proto.pos_at(instr.pc).to_string(), instr.op);
        for (name, value) in instr.op.operand_names().iter().zip(instr.operands()) {
            let _ = write!(line, " {name}={value}");
        }
        let note = match instr.op {
            Op::Const => program.constants.get(instr.args[0] as usize).map(|c| match c {
                Constant::Int(n) => n.to_string(),
                Constant::Str(s) => {
                    let mut q = String::new();
                    crate::vm::print::write_quoted(s, &mut q);
                    q
                }
            }),
            Op::GetGlobal | Op::SetGlobal => program.globals.names.get(instr.args[0] as usize).cloned(),
            Op::Closure => program.protos.get(instr.args[0] as usize).map(|p| format!("fn {}", p.name)),
            Op::GetBuiltin => crate::vm::builtins::Builtin::from_id(instr.args[0] as u8).map(|b| b.name().to_string()),
            _ => None,
        };
        match note {
            Some(note) => {
                let _ = writeln!(out, "{line:<44}; {note}");
            }
            None => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
}
