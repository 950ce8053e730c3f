//! The builtin functions: `len first last rest push array puts str type`.
//!
//! Error messages follow the book's wording (docs/language.md, "Builtins").

use std::fmt;

use super::array::Array;
use super::heap::Heap;
use super::print;
use super::value::{Ref, Value};
use crate::bytecode::Program;

/// A builtin function. The discriminant is its id in `GetBuiltin` and in a value's payload.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Len = 0,
    First,
    Last,
    Rest,
    Push,
    Array,
    Puts,
    Str,
    Type,
}

/// The largest array `array(n, v)` will make.
pub const MAX_ARRAY_LEN: i64 = 100_000_000;

impl Builtin {
    pub const ALL: [Builtin; 9] = [
        Builtin::Len,
        Builtin::First,
        Builtin::Last,
        Builtin::Rest,
        Builtin::Push,
        Builtin::Array,
        Builtin::Puts,
        Builtin::Str,
        Builtin::Type,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Len => "len",
            Builtin::First => "first",
            Builtin::Last => "last",
            Builtin::Rest => "rest",
            Builtin::Push => "push",
            Builtin::Array => "array",
            Builtin::Puts => "puts",
            Builtin::Str => "str",
            Builtin::Type => "type",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    pub fn from_id(id: u8) -> Option<Builtin> {
        Builtin::ALL.get(id as usize).copied()
    }

    /// Number of arguments, or `None` for variadic `puts`.
    pub fn arity(self) -> Option<usize> {
        match self {
            Builtin::Puts => None,
            Builtin::Push | Builtin::Array => Some(2),
            _ => Some(1),
        }
    }

    /// Call the builtin. `out` receives what `puts` prints.
    pub fn call(self, args: &[Value], heap: &mut Heap, program: &Program, out: &mut dyn fmt::Write) -> Result<Value, String> {
        if let Some(want) = self.arity() {
            if args.len() != want {
                return Err(format!("wrong number of arguments. got={}, want={}", args.len(), want));
            }
        }
        let name = self.name();
        let must_be_array = |v: Value| format!("argument to `{name}` must be ARRAY, got {}", v.type_name());
        Ok(match self {
            Builtin::Len => match args[0] {
                Value::Str(r) => Value::Int(heap.str(r).chars as i64),
                Value::Array(r) => Value::Int(heap.array(r).len() as i64),
                other => return Err(format!("argument to `len` not supported, got {}", other.type_name())),
            },
            Builtin::First | Builtin::Last => match args[0] {
                Value::Array(r) => {
                    let items = heap.array(r);
                    let at = if self == Builtin::First { Some(0) } else { items.len().checked_sub(1) };
                    at.and_then(|i| items.get(i)).unwrap_or(Value::Null)
                }
                other => return Err(must_be_array(other)),
            },
            Builtin::Rest => match args[0] {
                Value::Array(r) if heap.array(r).is_empty() => Value::Null,
                Value::Array(r) => {
                    let len = heap.array(r).len();
                    let rest = heap.array(r).rest(1).ok_or_else(|| no_room(len - 1))?;
                    heap.alloc_elements(rest)
                }
                other => return Err(must_be_array(other)),
            },
            Builtin::Push => match args[0] {
                Value::Array(r) => push(heap, r, args[1])?,
                other => return Err(must_be_array(other)),
            },
            Builtin::Array => match args[0] {
                Value::Int(n) if n < 0 => return Err(format!("argument to `array` must be non-negative, got {n}")),
                Value::Int(n) if n > MAX_ARRAY_LEN => return Err(format!("array too large: {n}")),
                Value::Int(n) => {
                    let items = Array::filled(n as usize, args[1]).ok_or_else(|| no_room(n as usize))?;
                    heap.alloc_elements(items)
                }
                other => return Err(format!("argument to `array` must be INTEGER, got {}", other.type_name())),
            },
            Builtin::Puts => {
                let mut line = String::new();
                for arg in args {
                    line.clear();
                    print::display(heap, program, *arg, &mut line)?;
                    line.push('\n');
                    // A failing sink (closed pipe) is not the program's error.
                    let _ = out.write_str(&line);
                }
                Value::Null
            }
            Builtin::Str => {
                let mut text = String::new();
                print::display(heap, program, args[0], &mut text)?;
                heap.alloc_str(text)
            }
            Builtin::Type => heap.alloc_str(args[0].type_name()),
        })
    }
}

/// `push(a, value)` of array `a`: a new array, or `out of memory` when the allocator has no
/// room for it (the trace tier's `push` helper calls this too).
pub(crate) fn push(heap: &mut Heap, a: Ref, value: Value) -> Result<Value, String> {
    let old = heap.array(a);
    let items = old.pushed(value).ok_or_else(|| no_room(old.len() + 1))?;
    Ok(heap.alloc_elements(items))
}

/// The runtime error for an array of `n` elements the allocator has no room for (a
/// large array is one allocation, made before any collection could see it: without the
/// error, a Wasm trap).
fn no_room(n: usize) -> String {
    format!("out of memory: no room for an array of {n} elements")
}
