//! The value representation shared by every tier.
//!
//! # Layout (DESIGN.md invariant 3)
//!
//! A [`Value`] is 16 bytes, 8-byte aligned, with a layout fixed by `#[repr(C, u8)]`:
//!
//! ```text
//! offset 0      1        8                16
//!        +------+--------+----------------+
//!        | tag  | (pad)  |    payload     |
//!        +------+--------+----------------+
//! ```
//!
//! | tag | variant   | payload at offset 8                                   |
//! |-----|-----------|-------------------------------------------------------|
//! | 0   | `Null`    | unused                                                |
//! | 1   | `Bool`    | 1 byte: 0 or 1                                        |
//! | 2   | `Int`     | i64, little-endian (wasm and x86-64 are little-endian) |
//! | 3   | `Str`     | u32 heap handle                                       |
//! | 4   | `Array`   | u32 heap handle                                       |
//! | 5   | `Hash`    | u32 heap handle                                       |
//! | 6   | `Closure` | u32 heap handle                                       |
//! | 7   | `Builtin` | 1 byte: [`Builtin`] id                                |
//! | 8   | `Cell`    | u32 heap handle (a captured binding; never user-visible) |
//!
//! Padding bytes are unspecified: readers look at the tag byte and the payload only,
//! and a writer (JIT code) writes the tag byte and the payload. From JavaScript, slot `i`
//! of a value array at byte address `p` has its tag at `HEAPU8[p + 16*i]` and an integer
//! payload at `HEAP64[(p >> 3) + 2*i + 1]` (a `BigInt64Array`) or, as two halves,
//! `HEAP32[(p >> 2) + 4*i + 2]` (low) and `+ 3` (high).
//!
//! Heap objects are referred to by a [`Ref`]: an index into the heap's object table, not a
//! pointer. That keeps values plain data (`Copy`, no destructor), so JIT code may copy them
//! freely, and lets the collector run only at interpreter safepoints (invariant 7) without
//! ever moving anything JIT code holds.

use super::builtins::Builtin;

/// A handle to a heap object: an index into [`Heap`](super::heap::Heap)'s object table.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ref(pub u32);

/// A Monkey value. See the module documentation for its memory layout.
#[repr(C, u8)]
#[derive(Clone, Copy, Debug, Default)]
pub enum Value {
    #[default]
    Null = tag::NULL,
    Bool(bool) = tag::BOOL,
    Int(i64) = tag::INT,
    Str(Ref) = tag::STR,
    Array(Ref) = tag::ARRAY,
    Hash(Ref) = tag::HASH,
    Closure(Ref) = tag::CLOSURE,
    Builtin(Builtin) = tag::BUILTIN,
    /// A captured variable's cell; lives only in local slots, never in user-visible places.
    Cell(Ref) = tag::CELL,
}

/// Tag byte values (offset 0 of a [`Value`]).
pub mod tag {
    pub const NULL: u8 = 0;
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const STR: u8 = 3;
    pub const ARRAY: u8 = 4;
    pub const HASH: u8 = 5;
    pub const CLOSURE: u8 = 6;
    pub const BUILTIN: u8 = 7;
    pub const CELL: u8 = 8;
}

/// Byte offset of the payload within a [`Value`].
pub const PAYLOAD_OFFSET: usize = 8;

const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::align_of::<Value>() == 8);

impl Value {
    /// The type name used by `type()` and error messages.
    pub fn type_name(self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "BOOLEAN",
            Value::Int(_) => "INTEGER",
            Value::Str(_) => "STRING",
            Value::Array(_) => "ARRAY",
            Value::Hash(_) => "HASH",
            Value::Closure(_) => "FUNCTION",
            Value::Builtin(_) => "BUILTIN",
            Value::Cell(_) => "CELL",
        }
    }

    /// Only `false` and `null` are falsy.
    #[inline]
    pub fn truthy(self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false))
    }

    /// The tag byte (offset 0 of the layout).
    pub fn tag(self) -> u8 {
        match self {
            Value::Null => tag::NULL,
            Value::Bool(_) => tag::BOOL,
            Value::Int(_) => tag::INT,
            Value::Str(_) => tag::STR,
            Value::Array(_) => tag::ARRAY,
            Value::Hash(_) => tag::HASH,
            Value::Closure(_) => tag::CLOSURE,
            Value::Builtin(_) => tag::BUILTIN,
            Value::Cell(_) => tag::CELL,
        }
    }

    /// The heap object this value refers to, if any.
    pub fn heap_ref(self) -> Option<Ref> {
        match self {
            Value::Str(r) | Value::Array(r) | Value::Hash(r) | Value::Closure(r) | Value::Cell(r) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented layout is what the compiler produces: JIT tiers depend on it.
    #[test]
    fn layout_matches_documentation() {
        fn tag_of(v: &Value) -> u8 {
            // SAFETY: offset 0 of a `repr(C, u8)` enum is its initialised tag byte.
            unsafe { *(v as *const Value as *const u8) }
        }
        fn payload<T: Copy>(v: &Value) -> T {
            // SAFETY: callers read only the payload the variant initialised.
            unsafe { std::ptr::read((v as *const Value as *const u8).add(PAYLOAD_OFFSET) as *const T) }
        }
        assert_eq!(tag_of(&Value::Int(-2)), tag::INT);
        assert_eq!(payload::<i64>(&Value::Int(-2)), -2);
        assert_eq!(tag_of(&Value::Array(Ref(0x01020304))), tag::ARRAY);
        assert_eq!(payload::<u32>(&Value::Array(Ref(0x01020304))), 0x01020304);
        assert_eq!((tag_of(&Value::Bool(true)), payload::<u8>(&Value::Bool(true))), (tag::BOOL, 1));
        assert_eq!(tag_of(&Value::Builtin(Builtin::Push)), tag::BUILTIN);
        assert_eq!(payload::<u8>(&Value::Builtin(Builtin::Push)), Builtin::Push as u8);
        for v in [Value::Null, Value::Bool(false), Value::Int(1), Value::Str(Ref(1)), Value::Hash(Ref(3)), Value::Closure(Ref(4)), Value::Cell(Ref(2))] {
            assert_eq!(tag_of(&v), v.tag());
        }
    }
}
