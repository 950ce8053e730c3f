//! The builtin functions: `len first last rest push array puts str type`.
//!
//! Error messages follow the book's wording (docs/language.md, "Builtins").

use std::fmt;

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
                    let item = if self == Builtin::First { items.first() } else { items.last() };
                    item.copied().unwrap_or(Value::Null)
                }
                other => return Err(must_be_array(other)),
            },
            Builtin::Rest => match args[0] {
                Value::Array(r) => match heap.array(r).get(1..) {
                    Some(rest) => {
                        let mut items = with_capacity(rest.len())?;
                        items.extend_from_slice(rest);
                        heap.alloc_array(items)
                    }
                    None => Value::Null,
                },
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
                    let mut items = with_capacity(n as usize)?;
                    items.resize(n as usize, args[1]);
                    heap.alloc_array(items)
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
    let mut items = with_capacity(old.len() + 1)?;
    items.extend_from_slice(old);
    items.push(value);
    Ok(heap.alloc_array(items))
}

/// An empty vector with room for `n` values, or the runtime error `out of memory` when
/// the allocator has no room (a large array is one allocation, made before any
/// collection could see it: without this, a Wasm trap).
fn with_capacity(n: usize) -> Result<Vec<Value>, String> {
    let mut items = Vec::new();
    items.try_reserve_exact(n).map_err(|_| format!("out of memory: no room for an array of {n} elements"))?;
    Ok(items)
}
