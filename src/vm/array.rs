//! Array elements, in one of three kinds.
//!
//! Most arrays hold [`Value`]s, 16 bytes each. An array whose elements are all booleans,
//! or all integers within ±(2^53 - 1), is *packed*: a byte each, or an 8-byte double,
//! with no type tags. That is V8's idea of element kinds: `sieve`'s array of a million
//! flags is 1 MB instead of 16, `matmul`'s rows of integers half the size, and the trace
//! tier reads an element with no type check (ARCHITECTURE.md, "Array kinds"). A packed
//! array becomes a `Values` one, in place, at the first store of anything its kind
//! cannot hold; it never goes back. Arrays are made packed by [`Array::from_values`]
//! (literals, `push`, `rest`) and [`Array::filled`] (`array(n, v)`), whenever every
//! element is of one packed kind.
//!
//! JIT code finds an array's elements through the heap's JIT table ([`Array::jit_entry`]):
//! its first word is the buffer's address with the kind in its low three bits (every
//! buffer is 8-aligned, so the bits are free), its second the length of a `Values`
//! array, `!length` of an `Ints` one and 0 for a `Bools` one. A packed array also keeps
//! its length in its buffer's first word ([`Bools`], [`Ints`]). Read as a signed number,
//! the word makes each kind's bounds check fail for the others: code that reads an
//! element of one kind needs no other test of the kind (`0 <= i < len` fails for both
//! packed kinds, `0 <= i < !len` for values, whose `!len` is negative, and for booleans,
//! whose `!0` is -1).

use super::value::Value;

/// The kinds, as JIT code sees them in the low bits of a JIT table entry's first word.
pub mod kind {
    /// 16-byte [`Value`](super::Value)s.
    pub const VALUES: usize = 0;
    /// Booleans, one byte each (0 or 1).
    pub const BOOLS: usize = 1;
    /// Integers within ±(2^53 - 1), as 8-byte doubles (so JIT code reads one in one load,
    /// with no check: JS numbers hold them exactly).
    pub const INTS: usize = 2;
    /// The mask of the kind bits.
    pub const MASK: usize = 7;
}

/// The allocator had no room for an array's elements.
#[derive(Debug)]
pub struct NoRoom;

/// An array's elements.
#[derive(Debug)]
pub enum Array {
    Values(Vec<Value>),
    Bools(Bools),
    Ints(Ints),
}

/// Booleans, one byte each (0 or 1), after a header word that holds their number: all
/// in 8-byte words, so that the buffer is 8-aligned. Safe code reads the bytes by
/// shifting (little-endian, as Wasm and every native target of the project are).
///
/// The length is in the buffer, not in the JIT table, whose length word is 0 for a
/// packed array: code that reads arrays of values in place checks only the index against
/// that word, and so finds a packed array out of range and takes the path that knows
/// kinds — which costs the common case nothing (a kind test in front of every element
/// read made quicksort 10% slower under the template tier).
#[derive(Debug)]
pub struct Bools {
    words: Vec<u64>,
}

/// Where a packed array's first element is, in bytes from the start of its buffer.
pub const BOOLS_DATA: usize = 8;

/// Where a packed array's first element is, in bytes from its JIT table pointer (which
/// carries the kind in its low bits).
pub const BOOLS_AT: usize = BOOLS_DATA - kind::BOOLS;

/// Integers within ±(2^53 - 1) ([`Ints::holds`]), as the bits of little-endian doubles,
/// after a header word that holds their number (as [`Bools`]; the JIT table's length word
/// is its complement).
///
/// Doubles, not 64-bit integers: JS code reads a double in one load and has the number,
/// where an integer takes two 32-bit loads and a test that the high word is only a sign
/// (trace-tier `matmul` at N = 440 12-23% faster). An integer a double cannot hold
/// exactly unpacks the array, as any other value does: integers that large are rare in
/// arrays.
#[derive(Debug)]
pub struct Ints {
    words: Vec<u64>,
}

/// Where an integer array's first element is, in bytes from its JIT table pointer.
pub const INTS_AT: usize = 8 - kind::INTS;

impl Ints {
    /// The largest integer an `Ints` array holds, and its negation the smallest: every
    /// integer in between is a double exactly, and a JS trace's integers never leave it.
    pub const MAX: i64 = (1 << 53) - 1;

    /// Whether an `Ints` array can hold `x`.
    #[inline]
    pub fn holds(x: i64) -> bool {
        x.unsigned_abs() <= Self::MAX as u64
    }

    /// The integers `items` (`n` of them, each one it [`holds`](Self::holds)), or `None`
    /// when the allocator has no room.
    fn of(n: usize, items: impl Iterator<Item = i64>) -> Option<Ints> {
        let mut words = Vec::new();
        words.try_reserve_exact(1 + n).ok()?;
        words.push(n as u64);
        words.extend(items.map(Self::word));
        debug_assert_eq!(words.len(), 1 + n);
        Some(Ints { words })
    }

    #[inline]
    fn len(&self) -> usize {
        self.words[0] as usize
    }

    /// The integer a word holds (exact: it holds a double that is one).
    #[inline]
    fn int(word: u64) -> i64 {
        f64::from_bits(word) as i64
    }

    /// The word that holds `x` (one it [`holds`](Self::holds)): its double's bits.
    #[inline]
    fn word(x: i64) -> u64 {
        debug_assert!(Self::holds(x));
        (x as f64).to_bits()
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        self.words[1..].get(i).map(|w| Self::int(*w))
    }

    /// Store `x` at `i` (`i <` the length; `x` one it [`holds`](Self::holds)).
    #[inline]
    pub fn set(&mut self, i: usize, x: i64) {
        self.words[1 + i] = Self::word(x);
    }

    /// Copies of the elements from `start` on (as many as there are), then `more`.
    fn copied(&self, start: usize, more: Option<i64>) -> Option<Ints> {
        let old = &self.words[1 + start.min(self.len())..];
        let n = old.len() + usize::from(more.is_some());
        let mut words = Vec::new();
        words.try_reserve_exact(1 + n).ok()?;
        words.push(n as u64);
        words.extend_from_slice(old);
        words.extend(more.map(Self::word));
        Some(Ints { words })
    }
}

impl Bools {
    /// `n` copies of `b`, or `None` when the allocator has no room.
    fn filled(n: usize, b: bool) -> Option<Bools> {
        let mut words = Vec::new();
        words.try_reserve_exact(1 + n.div_ceil(8)).ok()?;
        words.push(n as u64);
        // Every byte of a word 1 (or 0); bytes past the length are never read.
        words.resize(1 + n.div_ceil(8), if b { 0x0101_0101_0101_0101 } else { 0 });
        Some(Bools { words })
    }

    #[inline]
    fn len(&self) -> usize {
        self.words[0] as usize
    }

    /// Element `i` (`i <` the length).
    #[inline]
    fn bit(&self, i: usize) -> bool {
        (self.words[1 + i / 8] >> (8 * (i % 8))) & 1 != 0
    }

    #[inline]
    fn get(&self, i: usize) -> Option<bool> {
        (i < self.len()).then(|| self.bit(i))
    }

    fn set(&mut self, i: usize, b: bool) {
        let shift = 8 * (i % 8);
        let word = &mut self.words[1 + i / 8];
        *word = (*word & !(0xff << shift)) | (u64::from(b) << shift);
    }
}

/// An array's elements as `Value`s, in order ([`Array::iter`]).
pub enum Elements<'a> {
    Values(std::slice::Iter<'a, Value>),
    /// The booleans and the index of the next.
    Bools(&'a Bools, usize),
    Ints(std::slice::Iter<'a, u64>),
}

impl Iterator for Elements<'_> {
    type Item = Value;

    #[inline]
    fn next(&mut self) -> Option<Value> {
        match self {
            Elements::Values(v) => v.next().copied(),
            Elements::Bools(b, i) => {
                let next = b.get(*i).map(Value::Bool);
                *i += 1;
                next
            }
            Elements::Ints(n) => n.next().map(|w| Value::Int(Ints::int(*w))),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match self {
            Elements::Values(v) => v.len(),
            Elements::Bools(b, i) => b.len().saturating_sub(*i),
            Elements::Ints(n) => n.len(),
        };
        (n, Some(n))
    }
}

/// The elements as `Value`s, or `None` when the allocator has no room for them.
fn values(n: usize, items: impl Iterator<Item = Value>) -> Option<Vec<Value>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).ok()?;
    v.extend(items);
    Some(v)
}

impl Array {
    /// An array of `items`: packed when there is at least one and every one is a boolean,
    /// or every one an integer that [`Ints`] holds.
    pub fn from_values(items: Vec<Value>) -> Array {
        if !items.is_empty() && items.iter().all(|v| matches!(v, Value::Int(x) if Ints::holds(*x))) {
            let ints = items.iter().map(|v| if let Value::Int(n) = v { *n } else { 0 });
            return match Ints::of(items.len(), ints) {
                Some(ints) => Array::Ints(ints),
                None => Array::Values(items),
            };
        }
        if items.is_empty() || !items.iter().all(|v| matches!(v, Value::Bool(_))) {
            return Array::Values(items);
        }
        let Some(mut bools) = Bools::filled(items.len(), false) else { return Array::Values(items) };
        for (i, v) in items.iter().enumerate() {
            bools.set(i, matches!(v, Value::Bool(true)));
        }
        Array::Bools(bools)
    }

    /// `array(n, v)`: `n` copies of `v`, or `None` when the allocator has no room.
    pub fn filled(n: usize, v: Value) -> Option<Array> {
        match v {
            Value::Bool(b) if n > 0 => Bools::filled(n, b).map(Array::Bools),
            Value::Int(x) if n > 0 && Ints::holds(x) => Ints::of(n, std::iter::repeat_n(x, n)).map(Array::Ints),
            _ => {
                let mut items = Vec::new();
                items.try_reserve_exact(n).ok()?;
                items.resize(n, v);
                Some(Array::Values(items))
            }
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Array::Values(v) => v.len(),
            Array::Bools(b) => b.len(),
            Array::Ints(n) => n.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i`, if any.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        match self {
            Array::Values(v) => v.get(i).copied(),
            Array::Bools(b) => b.get(i).map(Value::Bool),
            Array::Ints(n) => n.get(i).map(Value::Int),
        }
    }

    /// `a[i]`: element `i`, or null when there is none. Out of line: see the interpreter's
    /// `Index`, which reads `Values` arrays itself.
    #[inline(never)]
    pub fn index(&self, i: i64) -> Value {
        usize::try_from(i).ok().and_then(|i| self.get(i)).unwrap_or(Value::Null)
    }

    /// The elements in order.
    pub fn iter(&self) -> Elements<'_> {
        match self {
            Array::Values(v) => Elements::Values(v.iter()),
            Array::Bools(b) => Elements::Bools(b, 0),
            Array::Ints(n) => Elements::Ints(n.words[1..].iter()),
        }
    }

    /// The heap objects the elements refer to (none, for a packed array).
    pub fn refs(&self) -> impl Iterator<Item = super::value::Ref> + '_ {
        let values = match self {
            Array::Values(v) => &v[..],
            Array::Bools(_) | Array::Ints(_) => &[],
        };
        values.iter().filter_map(|v| v.heap_ref())
    }

    /// The elements from `start` on, as a new array of the same kind (`rest`), or
    /// `None` when the allocator has no room.
    pub fn rest(&self, start: usize) -> Option<Array> {
        let n = self.len().saturating_sub(start);
        match self {
            Array::Bools(b) if n > 0 => {
                let mut out = Bools::filled(n, false)?;
                (0..n).for_each(|i| out.set(i, b.bit(start + i)));
                Some(Array::Bools(out))
            }
            Array::Ints(ints) if n > 0 => ints.copied(start, None).map(Array::Ints),
            Array::Values(items) => values(n, items[start.min(items.len())..].iter().copied()).map(Array::from_values),
            _ => values(n, self.iter().skip(start)).map(Array::from_values),
        }
    }

    /// `push`: the elements and then `v`, as a new array, or `None` when the allocator
    /// has no room.
    pub fn pushed(&self, v: Value) -> Option<Array> {
        match (self, v) {
            (Array::Bools(b), Value::Bool(x)) => {
                let mut out = Bools::filled(b.len() + 1, false)?;
                out.words[1..b.words.len()].copy_from_slice(&b.words[1..]);
                out.set(b.len(), x);
                Some(Array::Bools(out))
            }
            (Array::Ints(ints), Value::Int(x)) if Ints::holds(x) => ints.copied(0, Some(x)).map(Array::Ints),
            (Array::Values(items), v) => {
                let mut out = values(items.len() + 1, items.iter().copied())?;
                out.push(v);
                Some(Array::from_values(out))
            }
            _ => {
                let mut items = values(self.len() + 1, self.iter())?;
                items.push(v);
                Some(Array::from_values(items))
            }
        }
    }

    /// Whether a store of `v` keeps the array's kind (anything else unpacks it: [`set`]).
    ///
    /// [`set`]: Array::set
    pub fn holds(&self, v: Value) -> bool {
        match (self, v) {
            (Array::Values(_), _) | (Array::Bools(_), Value::Bool(_)) => true,
            (Array::Ints(_), Value::Int(x)) => Ints::holds(x),
            _ => false,
        }
    }

    /// Store `v` at `i` (`i < len`). A packed array given anything its kind cannot hold
    /// ([`Array::holds`]) becomes a `Values` array first; `Err` when the allocator has no
    /// room for that.
    pub fn set(&mut self, i: usize, v: Value) -> Result<(), NoRoom> {
        match (&mut *self, v) {
            (Array::Values(items), v) => items[i] = v,
            (Array::Bools(b), Value::Bool(x)) => b.set(i, x),
            (Array::Ints(n), Value::Int(x)) if Ints::holds(x) => n.set(i, x),
            (packed, v) => {
                let mut items = values(packed.len(), packed.iter()).ok_or(NoRoom)?;
                items[i] = v;
                *self = Array::Values(items);
            }
        }
        Ok(())
    }

    /// The kind ([`kind`]).
    pub fn kind(&self) -> usize {
        match self {
            Array::Values(_) => kind::VALUES,
            Array::Bools(_) => kind::BOOLS,
            Array::Ints(_) => kind::INTS,
        }
    }

    /// The array's JIT table entry: its buffer's address with the kind in the low bits,
    /// and its length — its complement for integers, 0 for booleans (module header).
    pub fn jit_entry(&self) -> [usize; 2] {
        let (address, len) = match self {
            Array::Values(v) => (v.as_ptr() as usize, v.len()),
            Array::Bools(b) => (b.words.as_ptr() as usize, 0),
            Array::Ints(n) => (n.words.as_ptr() as usize, !n.len()),
        };
        debug_assert_eq!(address & kind::MASK, 0, "array buffers are 8-aligned");
        [address | self.kind(), len]
    }

    /// Bytes the elements take, for the allocation budget.
    pub fn size(&self) -> usize {
        match self {
            Array::Values(v) => v.capacity() * 16,
            Array::Bools(b) => b.words.capacity() * 8,
            Array::Ints(n) => n.words.capacity() * 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values compare by their debug form (`Value` has no `PartialEq`: Monkey's equality
    /// is `ops`'s).
    fn show<T: std::fmt::Debug>(x: T) -> String {
        format!("{x:?}")
    }

    fn elements(a: &Array) -> String {
        show(a.iter().collect::<Vec<_>>())
    }

    #[test]
    fn only_nonempty_all_boolean_arrays_are_packed() {
        let (t, f) = (Value::Bool(true), Value::Bool(false));
        assert_eq!(Array::from_values(vec![t, f, t]).kind(), kind::BOOLS);
        assert_eq!(Array::from_values(vec![]).kind(), kind::VALUES);
        assert_eq!(Array::from_values(vec![t, Value::Int(1)]).kind(), kind::VALUES);
        assert_eq!(Array::filled(3, f).unwrap().kind(), kind::BOOLS);
        assert_eq!(Array::filled(0, f).unwrap().kind(), kind::VALUES);
        assert_eq!(Array::filled(3, Value::Null).unwrap().kind(), kind::VALUES);
    }

    #[test]
    fn only_nonempty_all_integer_arrays_are_integer_arrays() {
        let ints = |xs: &[i64]| xs.iter().map(|x| Value::Int(*x)).collect::<Vec<_>>();
        let max = Ints::MAX;
        assert_eq!(Array::from_values(ints(&[1, -2, max, -max])).kind(), kind::INTS);
        assert_eq!(Array::from_values(vec![Value::Int(1), Value::Null]).kind(), kind::VALUES);
        assert_eq!(Array::filled(3, Value::Int(0)).unwrap().kind(), kind::INTS);
        assert_eq!(Array::filled(0, Value::Int(0)).unwrap().kind(), kind::VALUES);
        // Past what a double holds exactly, an array holds values.
        assert_eq!(Array::from_values(ints(&[1, max + 1])).kind(), kind::VALUES);
        assert_eq!(Array::from_values(ints(&[-max - 1, 1])).kind(), kind::VALUES);
        assert_eq!(Array::from_values(ints(&[i64::MIN])).kind(), kind::VALUES);
        assert_eq!(Array::filled(2, Value::Int(i64::MAX)).unwrap().kind(), kind::VALUES);
        // Every integer it holds reads back, and the bytes are what JIT code reads: doubles.
        let items = ints(&[0, 1, -1, max, -max, 1 << 52, -(1 << 31)]);
        let a = Array::from_values(items.clone());
        assert_eq!(elements(&a), show(&items));
        assert!(a.get(7).is_none());
        assert_eq!(show(a.index(-1)), show(Value::Null));
        let [word, len] = a.jit_entry();
        let Array::Ints(n) = &a else { panic!("integers") };
        assert_eq!((word, len), (n.words.as_ptr() as usize | kind::INTS, !7));
        let bytes: Vec<u8> = n.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        assert_eq!(bytes[..8], 7u64.to_le_bytes(), "the length first");
        let element = |k: usize| bytes[word - n.words.as_ptr() as usize + INTS_AT..][8 * k..8 * k + 8].to_vec();
        assert_eq!(element(3), (max as f64).to_le_bytes());
        assert_eq!(element(4), (-max as f64).to_le_bytes());
    }

    #[test]
    fn integer_arrays_store_push_and_rest_in_kind_and_unpack_for_anything_else() {
        let mut a = Array::filled(4, Value::Int(5)).unwrap();
        a.set(1, Value::Int(-9)).unwrap();
        assert_eq!((a.kind(), show(a.get(1))), (kind::INTS, show(Some(Value::Int(-9)))));
        let p = a.pushed(Value::Int(7)).unwrap();
        assert_eq!((p.kind(), p.len(), show(p.get(4))), (kind::INTS, 5, show(Some(Value::Int(7)))));
        let r = p.rest(3).unwrap();
        assert_eq!((r.kind(), elements(&r)), (kind::INTS, show(vec![Value::Int(5), Value::Int(7)])));
        assert_eq!(p.rest(5).unwrap().kind(), kind::VALUES, "an empty rest holds values");
        let q = a.pushed(Value::Bool(true)).unwrap();
        assert_eq!((q.kind(), show(q.get(4))), (kind::VALUES, show(Some(Value::Bool(true)))));
        a.set(2, Value::Null).unwrap();
        assert_eq!(a.kind(), kind::VALUES);
        assert_eq!(elements(&a), show(vec![Value::Int(5), Value::Int(-9), Value::Null, Value::Int(5)]));
        assert_eq!(a.jit_entry()[1], 4);
        // An integer a double cannot hold exactly unpacks too, in a store or a push.
        let big = Value::Int(Ints::MAX + 1);
        let q = p.pushed(big).unwrap();
        assert_eq!((q.kind(), show(q.get(5))), (kind::VALUES, show(Some(big))));
        let mut b = Array::filled(3, Value::Int(1)).unwrap();
        b.set(0, Value::Int(-Ints::MAX)).unwrap();
        assert_eq!(b.kind(), kind::INTS);
        b.set(2, Value::Int(i64::MIN)).unwrap();
        assert_eq!(b.kind(), kind::VALUES);
        assert_eq!(elements(&b), show(vec![Value::Int(-Ints::MAX), Value::Int(1), Value::Int(i64::MIN)]));
    }

    #[test]
    fn packed_elements_read_back_across_word_boundaries() {
        let items: Vec<Value> = (0..21).map(|i| Value::Bool(i % 3 == 0)).collect();
        let mut a = Array::from_values(items.clone());
        assert_eq!(elements(&a), show(&items));
        assert!(a.get(21).is_none());
        let flipped = [0, 7, 8, 15, 20];
        for i in flipped {
            a.set(i, Value::Bool(i % 3 != 0)).unwrap();
        }
        let expect: Vec<bool> = (0..21).map(|i| (i % 3 == 0) != flipped.contains(&i)).collect();
        assert_eq!(elements(&a), show(expect.iter().map(|b| Value::Bool(*b)).collect::<Vec<_>>()));
        // The bytes as JIT code reads them: 0 or 1, in order.
        let Array::Bools(b) = &a else { panic!("packed") };
        let bytes: Vec<u8> = b.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        assert_eq!(bytes[..8], 21u64.to_le_bytes(), "the length first");
        assert_eq!(bytes[BOOLS_DATA..BOOLS_DATA + 21], expect.iter().map(|b| u8::from(*b)).collect::<Vec<_>>());
        let [word, len] = a.jit_entry();
        assert_eq!((word, len), (b.words.as_ptr() as usize | kind::BOOLS, 0));
    }

    #[test]
    fn a_store_of_anything_else_unpacks_in_place() {
        let mut a = Array::filled(10, Value::Bool(true)).unwrap();
        a.set(4, Value::Int(7)).unwrap();
        assert_eq!(a.kind(), kind::VALUES);
        assert_eq!(show(a.get(4)), show(Some(Value::Int(7))));
        assert_eq!(show(a.get(3)), show(Some(Value::Bool(true))));
        assert_eq!(a.len(), 10);
        assert_eq!(a.jit_entry()[0] & kind::MASK, kind::VALUES);
        assert_eq!(a.jit_entry()[1], 10);
    }

    #[test]
    fn push_and_rest_keep_the_kind_when_they_can() {
        let a = Array::filled(8, Value::Bool(false)).unwrap();
        let p = a.pushed(Value::Bool(true)).unwrap();
        assert_eq!((p.kind(), p.len()), (kind::BOOLS, 9));
        assert_eq!(show((p.get(7), p.get(8))), show((Some(Value::Bool(false)), Some(Value::Bool(true)))));
        let q = a.pushed(Value::Null).unwrap();
        assert_eq!((q.kind(), q.len(), show(q.get(8))), (kind::VALUES, 9, show(Some(Value::Null))));
        let r = p.rest(1).unwrap();
        assert_eq!((r.kind(), r.len(), show(r.get(7))), (kind::BOOLS, 8, show(Some(Value::Bool(true)))));
        assert_eq!(Array::filled(1, Value::Bool(true)).unwrap().rest(1).unwrap().len(), 0);
        let v = Array::from_values(vec![Value::Int(1), Value::Bool(true)]).rest(1).unwrap();
        assert_eq!(v.kind(), kind::BOOLS, "a rest that is all booleans is packed");
    }
}
