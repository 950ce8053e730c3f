//! The semantics of every value operation, in one place.
//!
//! The interpreter inlines only the integer fast paths and calls these for everything
//! else; later tiers call the same functions as their slow paths, so an operation means
//! exactly the same thing in every tier. Errors are returned as the message text; the
//! caller attaches the source position.

use std::cmp::Ordering;
use std::rc::Rc;

use super::arith;
use super::heap::{ClosureObj, HashKey, Heap, KeyRef, Object};
use super::value::{Ref, Value};
use crate::bytecode::{Capture, Op};

/// The operator's source symbol, for error messages.
fn symbol(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::Div => "/",
        Op::Mod => "%",
        Op::Eq => "==",
        Op::NotEq => "!=",
        Op::Lt => "<",
        Op::Gt => ">",
        Op::LtEq => "<=",
        Op::GtEq => ">=",
        _ => "?",
    }
}

/// `type mismatch` for operands of different types, `unknown operator` otherwise.
pub fn operator_error(op: &str, a: Value, b: Value) -> String {
    let (ta, tb) = (a.type_name(), b.type_name());
    if ta == tb {
        format!("unknown operator: {ta} {op} {tb}")
    } else {
        format!("type mismatch: {ta} {op} {tb}")
    }
}

/// Integer arithmetic with the dialect's wrap-around and division rules.
#[inline]
pub fn int_arith(op: Op, x: i64, y: i64) -> Result<i64, String> {
    Ok(match op {
        Op::Add => arith::add(x, y),
        Op::Sub => arith::sub(x, y),
        Op::Mul => arith::mul(x, y),
        Op::Div => return arith::div(x, y).ok_or_else(|| "division by zero".into()),
        Op::Mod => return arith::rem(x, y).ok_or_else(|| "division by zero".into()),
        _ => return Err(format!("unknown operator: INTEGER {} INTEGER", symbol(op))),
    })
}

/// The longest string, in bytes, that concatenation or printing makes (16 MiB): past
/// it the program gets `string too large`, not an allocation failure of the host.
pub const MAX_STR_LEN: usize = 1 << 24;

/// Any binary operator (`+ - * / % == != < > <= >=`) on any operands.
pub fn binary(heap: &mut Heap, op: Op, a: Value, b: Value) -> Result<Value, String> {
    match op {
        Op::Eq => return Ok(Value::Bool(values_equal(heap, a, b))),
        Op::NotEq => return Ok(Value::Bool(!values_equal(heap, a, b))),
        Op::Lt | Op::Gt | Op::LtEq | Op::GtEq => return compare(heap, op, a, b),
        _ => {}
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_arith(op, x, y).map(Value::Int),
        (Value::Str(x), Value::Str(y)) if op == Op::Add => {
            let (x, y) = (heap.str(x), heap.str(y));
            let len = x.text.len() + y.text.len();
            if len > MAX_STR_LEN {
                return Err(format!("string too large: {len} bytes"));
            }
            let mut text = String::with_capacity(len);
            text.push_str(&x.text);
            text.push_str(&y.text);
            Ok(heap.alloc_str(text))
        }
        _ => Err(operator_error(symbol(op), a, b)),
    }
}

/// `< > <= >=` on integers or strings.
pub fn compare(heap: &Heap, op: Op, a: Value, b: Value) -> Result<Value, String> {
    let ordering = match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(&y),
        // UTF-8 byte order is code point order.
        (Value::Str(x), Value::Str(y)) => heap.str(x).text.cmp(&heap.str(y).text),
        _ => return Err(operator_error(symbol(op), a, b)),
    };
    Ok(Value::Bool(match op {
        Op::Lt => ordering == Ordering::Less,
        Op::Gt => ordering == Ordering::Greater,
        Op::LtEq => ordering != Ordering::Greater,
        _ => ordering != Ordering::Less,
    }))
}

/// `==`: by value for integers, booleans, null and strings; by identity otherwise.
pub fn values_equal(heap: &Heap, a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y || heap.str(x).text == heap.str(y).text,
        (Value::Array(x), Value::Array(y)) | (Value::Hash(x), Value::Hash(y)) | (Value::Closure(x), Value::Closure(y)) => x == y,
        (Value::Builtin(x), Value::Builtin(y)) => x == y,
        _ => false,
    }
}

/// Unary minus.
pub fn negate(v: Value) -> Result<Value, String> {
    match v {
        Value::Int(n) => Ok(Value::Int(arith::neg(n))),
        other => Err(format!("unknown operator: -{}", other.type_name())),
    }
}

/// The key a value stands for in a hash.
pub fn hash_key(heap: &Heap, v: Value) -> Result<HashKey, String> {
    match v {
        Value::Int(n) => Ok(HashKey::Int(n)),
        Value::Bool(b) => Ok(HashKey::Bool(b)),
        Value::Str(r) => Ok(HashKey::Str(Rc::clone(&heap.str(r).text))),
        other => Err(unusable_key(other)),
    }
}

/// [`hash_key`] borrowed, to look a key up with: measured A/B (11 runs), `hash_lookup`
/// −14% interpreted, −22% under trace, −11% under template, against cloning the key; and
/// replacing a string key's value in a loop −17% interpreted, −29% under trace. Inlined:
/// with its two callers rustc no longer inlined it into `index`, and `hash_lookup` was
/// 13-19% slower.
#[inline(always)]
fn key_ref(heap: &Heap, v: Value) -> Result<KeyRef<'_>, String> {
    match v {
        Value::Int(n) => Ok(KeyRef::Int(n)),
        Value::Bool(b) => Ok(KeyRef::Bool(b)),
        Value::Str(r) => Ok(KeyRef::Str(&heap.str(r).text)),
        other => Err(unusable_key(other)),
    }
}

fn unusable_key(v: Value) -> String {
    format!("unusable as hash key: {}", v.type_name())
}

/// A hash literal from interleaved keys and values.
pub fn make_hash(heap: &mut Heap, items: &[Value]) -> Result<Value, String> {
    let mut map = super::heap::HashMap::default();
    map.reserve(items.len() / 2);
    for pair in items.chunks_exact(2) {
        map.insert(hash_key(heap, pair[0])?, pair[1]);
    }
    Ok(Value::Hash(heap.alloc(Object::Hash(map))))
}

/// `MakeCell`: a new binding of the local in `slot` — a fresh cell holding its current
/// value (the value of the cell it holds, if any), stored in the slot.
pub fn make_cell(heap: &mut Heap, slot: &mut Value) {
    let current = match *slot {
        Value::Cell(old) => heap.cell(old),
        v => v,
    };
    *slot = Value::Cell(heap.alloc(Object::Cell(Box::new(current))));
}

/// The cell in `slot`, first wrapping its plain value in one if its `let` has not run yet.
pub fn ensure_cell(heap: &mut Heap, slot: &mut Value) -> Ref {
    match *slot {
        Value::Cell(cell) => cell,
        plain => {
            let cell = heap.alloc(Object::Cell(Box::new(plain)));
            *slot = Value::Cell(cell);
            cell
        }
    }
}

/// `Closure`: a closure of function `proto`, capturing what `captures` names: cells of the
/// creating frame's locals (`local(heap, slot)` gives the cell of local `slot`) and of the
/// running closure `running`.
pub fn make_closure(heap: &mut Heap, proto: u32, captures: &[Capture], running: Ref, mut local: impl FnMut(&mut Heap, u16) -> Ref) -> Value {
    let mut free = Vec::with_capacity(captures.len());
    for capture in captures {
        free.push(match *capture {
            Capture::Local(slot) => local(heap, slot),
            Capture::Free(i) => heap.closure(running).free[i as usize],
        });
    }
    Value::Closure(heap.alloc(Object::Closure(ClosureObj { proto, free: free.into_boxed_slice() })))
}

/// The next step of `for (c in s)` over string `s` from byte offset `at`: the character
/// there, as a string ([`Heap::char_str`]), and the offset after it; `None` at the end.
/// Strings advance by bytes (one character at a time), so iteration is linear.
pub fn next_char(heap: &mut Heap, s: Ref, at: usize) -> Option<(Value, usize)> {
    let text = &heap.str(s).text;
    let c = text.get(at..)?.chars().next()?;
    Some((heap.char_str(c), at + c.len_utf8()))
}

/// `container[index]`.
pub fn index(heap: &mut Heap, container: Value, index: Value) -> Result<Value, String> {
    match (container, index) {
        (Value::Array(r), Value::Int(i)) => {
            Ok(heap.array(r).index(i))
        }
        (Value::Str(r), Value::Int(i)) => {
            let s = heap.str(r);
            match usize::try_from(i).ok().and_then(|i| s.char_at(i)).and_then(|c| c.chars().next()) {
                Some(c) => Ok(heap.char_str(c)),
                None => Ok(Value::Null),
            }
        }
        (Value::Hash(r), key) => Ok(heap.hash(r).get(&key_ref(heap, key)?).copied().unwrap_or(Value::Null)),
        (other, _) => Err(format!("index operator not supported: {}", other.type_name())),
    }
}

/// `container[index] = value`.
pub fn set_index(heap: &mut Heap, container: Value, index: Value, value: Value) -> Result<(), String> {
    match (container, index) {
        (Value::Array(r), Value::Int(i)) => {
            let len = heap.array(r).len();
            match usize::try_from(i).ok().filter(|&i| i < len) {
                Some(i) => heap.array_set(r, i, value),
                None => Err(format!("index out of range: {i} (length {len})")),
            }
        }
        (Value::Hash(r), key) => {
            // A key already there is found borrowed (as `index` looks keys up) and its
            // value replaced: only a new key is cloned into the map. A new key is thus
            // looked for, then inserted (hashed and probed twice): inserting 200,000 new
            // keys measured 1-4% slower (A/B, 11-15 runs), against −17% and −29% for
            // replacing values. indexmap's raw entries would hash once, but the key
            // borrows the heap that the map's entry would borrow mutably.
            if let Some(i) = heap.hash(r).get_index_of(&key_ref(heap, key)?) {
                heap.hash_mut(r)[i] = value;
                return Ok(());
            }
            let key = hash_key(heap, key)?;
            heap.hash_mut(r).insert(key, value);
            heap.note_growth(48);
            Ok(())
        }
        (other, _) => Err(format!("index operator not supported: {}", other.type_name())),
    }
}
