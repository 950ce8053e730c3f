//! `--dump=native`: the emitted machine code, function by function, with a header line
//! at every stencil boundary naming the bytecode instruction and the stencil.

use std::fmt::Write;

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};

use super::emit::Code;
use crate::bytecode::Program;

pub fn dump(code: &Code, program: &Program) -> String {
    let (bytes, base) = code.bytes();
    let mut out = String::from("---- NATIVE\n");
    let s = code.stats;
    let _ = writeln!(out, "; {} functions, {} instructions, {} bytes of machine code at {base:#x}", s.functions, s.instructions, s.code_bytes);
    let mut formatter = IntelFormatter::new();
    let mut text = String::new();
    for (index, pieces) in code.layout.iter().enumerate() {
        let name = program.protos[index].name.as_str();
        let _ = writeln!(out, "\nfunction {index} <{}>:", if name.is_empty() { "top level" } else { name });
        let mut in_cold = false;
        for piece in pieces.iter().filter(|p| !p.cold).chain(pieces.iter().filter(|p| p.cold)) {
            if piece.cold && !in_cold {
                in_cold = true;
                let _ = writeln!(out, "  ; cold stubs");
            }
            let _ = writeln!(out, "  ; pc {:<4} {:<12} stencil {}{}", piece.pc, piece.op.name(), piece.stencil.symbol(), if piece.len == 0 { " (no code)" } else { "" });
            let (start, end) = (piece.at as usize, (piece.at + piece.len) as usize);
            let mut decoder = Decoder::with_ip(64, &bytes[start..end], base + start as u64, DecoderOptions::NONE);
            while decoder.can_decode() {
                let ins = decoder.decode();
                text.clear();
                formatter.format(&ins, &mut text);
                let _ = writeln!(out, "  {:012x}  {text}", ins.ip());
            }
        }
    }
    out
}
