//! The printed form of values (`puts`, `str`, the REPL and the program result).
//!
//! Strings print raw at the top level and quoted inside containers. A container that
//! contains itself prints the inner occurrence as `[...]` / `{...}`, and nesting deeper
//! than [`MAX_DEPTH`] prints `...`, so printing always terminates and never overflows
//! the native stack. A printed form longer than [`MAX_STR_LEN`] bytes (a small
//! structure can share its parts exponentially: `a = [a, a]` thirty times) is an error,
//! not an allocation the host cannot make.

use std::fmt::Write;

use super::heap::{HashKey, Heap};
use super::ops::MAX_STR_LEN;
use super::value::{Ref, Value};
use crate::bytecode::Program;

/// Deepest container nesting printed in full.
pub const MAX_DEPTH: usize = 1000;

/// Append the printed form of `value` to `out` (strings raw); an error, with `out` cut
/// short, when that form is longer than [`MAX_STR_LEN`] bytes.
pub fn display(heap: &Heap, program: &Program, value: Value, out: &mut String) -> Result<(), String> {
    match value {
        Value::Str(r) => out.push_str(&heap.str(r).text),
        _ => {
            let start = out.len();
            let mut printer = Printer { heap, program, open: vec![], limit: start.saturating_add(MAX_STR_LEN), too_large: false };
            printer.value(value, out);
            if printer.too_large {
                out.truncate(start);
                return Err(too_large());
            }
        }
    }
    Ok(())
}

/// The error of a printed form past [`MAX_STR_LEN`].
pub fn too_large() -> String {
    format!("string too large: more than {MAX_STR_LEN} bytes")
}

/// The printed form of `value` as a new string.
pub fn to_display_string(heap: &Heap, program: &Program, value: Value) -> Result<String, String> {
    let mut out = String::new();
    display(heap, program, value, &mut out)?;
    Ok(out)
}

/// Append `s` quoted, with `" \ newline tab CR` escaped.
pub fn write_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Printer<'a> {
    heap: &'a Heap,
    program: &'a Program,
    /// Containers being printed, outermost first (for cycle detection).
    open: Vec<Ref>,
    /// Length of `out` past which printing stops, and whether it did.
    limit: usize,
    too_large: bool,
}

impl Printer<'_> {
    fn value(&mut self, value: Value, out: &mut String) {
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Str(r) => write_quoted(&self.heap.str(r).text, out),
            Value::Builtin(b) => {
                out.push_str("builtin ");
                out.push_str(b.name());
            }
            Value::Closure(r) => {
                let proto = self.program.protos.get(self.heap.closure(r).proto as usize);
                out.push_str("fn(");
                out.push_str(&proto.map(|p| p.params.join(", ")).unwrap_or_default());
                out.push(')');
            }
            Value::Cell(r) => self.value(self.heap.cell(r), out),
            Value::Array(r) => {
                if self.enter(r, "[...]", out) {
                    out.push('[');
                    for (i, item) in self.heap.array(r).iter().enumerate() {
                        if self.full(out) {
                            break;
                        }
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.value(item, out);
                    }
                    out.push(']');
                    self.open.pop();
                }
            }
            Value::Hash(r) => {
                if self.enter(r, "{...}", out) {
                    out.push('{');
                    for (i, (key, item)) in self.heap.hash(r).iter().enumerate() {
                        if self.full(out) {
                            break;
                        }
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write_key(key, out);
                        out.push_str(": ");
                        self.value(*item, out);
                    }
                    out.push('}');
                    self.open.pop();
                }
            }
        }
    }

    /// Whether `out` has passed the limit (then nothing more is printed).
    fn full(&mut self, out: &str) -> bool {
        self.too_large |= out.len() > self.limit;
        self.too_large
    }

    /// Start printing container `r`; false (after writing a placeholder) for a cycle or
    /// when too deep.
    fn enter(&mut self, r: Ref, cycle: &str, out: &mut String) -> bool {
        if self.open.contains(&r) {
            out.push_str(cycle);
            return false;
        }
        if self.open.len() >= MAX_DEPTH {
            out.push_str("...");
            return false;
        }
        self.open.push(r);
        true
    }
}

/// Append a hash key in its printed (quoted) form.
pub fn write_key(key: &HashKey, out: &mut String) {
    match key {
        HashKey::Int(n) => {
            let _ = write!(out, "{n}");
        }
        HashKey::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        HashKey::Str(s) => write_quoted(s, out),
    }
}
