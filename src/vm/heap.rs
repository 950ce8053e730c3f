//! The heap: an object table with a non-moving mark-sweep collector.
//!
//! Objects live in one table and values refer to them by index ([`Ref`]), so a value
//! is plain data and an object never moves. Freed slots are chained into a free list
//! and reused.
//!
//! Collection is explicit: allocation only accounts bytes, and the interpreter calls
//! [`Heap::collect`] at safepoints (loop back-edges and calls) once
//! [`Heap::wants_collection`] says the allocation budget is spent. At a safepoint every
//! live value is in a root the VM passes in (its stack, globals, constants), never in a
//! Rust local — so there is no need to scan native frames, and JIT code (which runs
//! between safepoints) may allocate freely (DESIGN.md invariant 7). The budget after a
//! collection is twice the surviving bytes (at least [`MIN_BUDGET`]), which keeps the
//! cost of collection proportional to allocation and memory bounded for loops that
//! build garbage. JIT code in JavaScript leaves for a collection only [`JIT_SLACK`] (or
//! the live-heap limit, if less) past the budget ([`Heap::jit_must_leave`]): leaving costs it far more than the
//! interpreter's safepoint (ARCHITECTURE.md, "Value representation and memory").
//!
//! The live heap has a limit ([`Heap::set_limit`], default [`DEFAULT_HEAP_LIMIT`]): a
//! collection that finds more surviving than that fails with `out of memory`, a
//! runtime error, and the budget never lets the heap grow much past the limit before
//! the next collection looks. Without it a program that keeps too much alive ran Wasm's
//! 4 GiB address space out and trapped (DESIGN.md invariant 8).

use std::hash::BuildHasherDefault;
use std::rc::Rc;

use indexmap::IndexMap;
use rustc_hash::FxHasher;

use super::array::{Array, Ints};
use super::value::{Ref, Value};

/// Smallest allocation budget between collections, in (estimated) bytes.
pub const MIN_BUDGET: usize = 4 << 20;

/// How much more than the budget JIT code in JavaScript may allocate before it leaves for
/// a collection: the bound on the extra garbage it may hold.
pub const JIT_SLACK: usize = 16 << 20;

/// Default limit of the live heap, in estimated bytes ([`Object::size`]). Wasm memory
/// ends at 4 GiB; the budget, one large allocation between safepoints and the
/// allocator's own overhead must fit beside the live heap.
pub const DEFAULT_HEAP_LIMIT: usize = 1 << 30;

/// An immutable string with its length in characters (Unicode scalar values).
#[derive(Clone, Debug)]
pub struct StrObj {
    pub text: Rc<str>,
    /// Length in characters; equals `text.len()` exactly when the text is ASCII.
    pub chars: usize,
}

impl StrObj {
    pub fn new(text: Rc<str>) -> Self {
        let chars = text.chars().count();
        StrObj { text, chars }
    }

    pub fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }

    /// The `i`-th character, if any.
    pub fn char_at(&self, i: usize) -> Option<&str> {
        if self.is_ascii() {
            return self.text.get(i..i + 1);
        }
        let (start, c) = self.text.char_indices().nth(i)?;
        self.text.get(start..start + c.len_utf8())
    }
}

/// A hash key: integers, booleans and strings (by value).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HashKey {
    Int(i64),
    Bool(bool),
    Str(Rc<str>),
}

/// A hash key to look one up with, borrowed from the heap: a lookup clones no string.
/// Its variants are [`HashKey`]'s, in the same order, so the derived `Hash` gives the same
/// hash (a unit test holds them together).
#[derive(Clone, Copy, Debug, Hash)]
pub enum KeyRef<'a> {
    Int(i64),
    Bool(bool),
    Str(&'a str),
}

impl indexmap::Equivalent<HashKey> for KeyRef<'_> {
    fn equivalent(&self, key: &HashKey) -> bool {
        match (*self, key) {
            (KeyRef::Int(a), HashKey::Int(b)) => a == *b,
            (KeyRef::Bool(a), HashKey::Bool(b)) => a == *b,
            (KeyRef::Str(a), HashKey::Str(b)) => a == &**b,
            _ => false,
        }
    }
}

/// A hash's entries in insertion order.
pub type HashMap = IndexMap<HashKey, Value, BuildHasherDefault<FxHasher>>;

/// A closure: a function prototype and the cells it captured.
#[derive(Clone, Debug)]
pub struct ClosureObj {
    pub proto: u32,
    pub free: Box<[Ref]>,
}

/// One heap object.
#[derive(Debug)]
pub enum Object {
    /// A free slot; holds the next free slot (or `u32::MAX`).
    Free(u32),
    Str(StrObj),
    Array(Array),
    Hash(HashMap),
    Closure(ClosureObj),
    /// A captured binding. Boxed so that its value has a stable address JIT code can
    /// read and write directly (see `jit::runtime::cell_addr`).
    Cell(Box<Value>),
}

impl Object {
    /// Rough size in bytes, for the allocation budget.
    fn size(&self) -> usize {
        32 + match self {
            Object::Free(_) | Object::Cell(_) => 0,
            Object::Str(s) => s.text.len(),
            Object::Array(a) => a.size(),
            Object::Hash(h) => h.capacity() * 48,
            Object::Closure(c) => c.free.len() * 4,
        }
    }
}

const NO_FREE: u32 = u32::MAX;

/// Heap counters for `--stats`.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapStats {
    pub collections: u64,
    pub objects_allocated: u64,
    pub objects_freed: u64,
    pub peak_objects: usize,
}

/// The object table.
#[derive(Debug)]
pub struct Heap {
    objects: Vec<Object>,
    marks: Vec<bool>,
    free_head: u32,
    live: usize,
    allocated: usize,
    budget: usize,
    /// The live heap's limit ([`Heap::set_limit`]).
    limit: usize,
    pub stats: HeapStats,
    /// Two words per handle that JIT code reads directly instead of calling into the VM
    /// (see [`Heap::jit_table`]); set when the object is allocated, and changed after
    /// only when a packed array unpacks ([`Heap::array_set`]).
    jit_table: Vec<[usize; 2]>,
    /// The one-character ASCII strings made since the last collection, by byte
    /// ([`Heap::char_str`]); [`NO_CHAR`] where none is. Weak: a collection forgets those
    /// it frees.
    chars: [u32; 128],
}

/// Set in a string's JIT table length word when it is not ASCII ([`Heap::jit_entry`]): a
/// string has at most `ops::MAX_STR_LEN` bytes, far below this bit.
pub const STR_NOT_ASCII: usize = 1 << 31;

/// An empty entry of [`Heap::char_str`]'s table.
const NO_CHAR: u32 = u32::MAX;

impl Default for Heap {
    fn default() -> Self {
        Heap {
            objects: vec![],
            marks: vec![],
            free_head: NO_FREE,
            live: 0,
            allocated: 0,
            budget: MIN_BUDGET,
            limit: DEFAULT_HEAP_LIMIT,
            stats: HeapStats::default(),
            jit_table: vec![],
            chars: [NO_CHAR; 128],
        }
    }
}

impl Heap {
    /// Store `object` and return its handle.
    pub fn alloc(&mut self, object: Object) -> Ref {
        self.allocated += object.size();
        self.live += 1;
        self.stats.objects_allocated += 1;
        self.stats.peak_objects = self.stats.peak_objects.max(self.live);
        let entry = Self::jit_entry(&object);
        if self.free_head != NO_FREE {
            let r = self.free_head;
            if let Some(Object::Free(next)) = self.objects.get(r as usize) {
                self.free_head = *next;
            }
            self.objects[r as usize] = object;
            self.jit_table[r as usize] = entry;
            return Ref(r);
        }
        self.objects.push(object);
        self.marks.push(false);
        self.jit_table.push(entry);
        Ref(self.objects.len() as u32 - 1)
    }

    /// An object's two words in the JIT table: an array's element pointer with its kind
    /// in the low bits and its length word ([`Array::jit_entry`]: the length, its
    /// complement or 0, by kind; arrays never grow in place: `push` makes a new one), a
    /// closure's prototype and the pointer to its captured cells, a cell's value address,
    /// a string's UTF-8 bytes and their number, with [`STR_NOT_ASCII`] set unless every
    /// byte is a character (read by traces: `jit::opt::jstr`, and `len` of an ASCII
    /// string). The buffers they point into never move (they are separate allocations,
    /// not inside `objects`). Only an array's entry ever changes, when it unpacks, and
    /// never while a trace runs ([`Heap::array_set`]). Words are `usize`: 4 bytes in
    /// Wasm, where the JS tiers read the table, 8 natively, where native code reads it.
    fn jit_entry(object: &Object) -> [usize; 2] {
        match object {
            Object::Array(a) => a.jit_entry(),
            Object::Closure(c) => [c.proto as usize, c.free.as_ptr() as usize],
            Object::Cell(v) => [&**v as *const Value as usize, 0],
            Object::Str(s) => [s.text.as_ptr() as usize, s.text.len() | if s.is_ascii() { 0 } else { STR_NOT_ASCII }],
            _ => [0, 0],
        }
    }

    /// The JIT table: entry `h` describes the object with handle `h` (see
    /// [`Heap::jit_entry`]). Its address changes when it grows (at allocation).
    pub fn jit_table(&self) -> usize {
        self.jit_table.as_ptr() as usize
    }

    /// Account for growth of an existing object (hash inserts).
    pub fn note_growth(&mut self, bytes: usize) {
        self.allocated += bytes;
    }

    /// Whether enough has been allocated since the last collection to collect now.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.allocated > self.budget
    }

    /// Whether JIT code should leave so that the interpreter collects: once it has
    /// allocated [`JIT_SLACK`] more than the budget — or the live-heap limit more, if
    /// that is less: with a 1 MiB limit, template code building 14 MB of live arrays
    /// finished where the interpreter failed at its first collection (found by a bug hunt).
    #[inline]
    pub fn jit_must_leave(&self) -> bool {
        self.allocated > self.budget + JIT_SLACK.min(self.limit)
    }

    /// Number of live objects.
    pub fn live_objects(&self) -> usize {
        self.live
    }

    pub fn alloc_str(&mut self, text: impl Into<Rc<str>>) -> Value {
        Value::Str(self.alloc(Object::Str(StrObj::new(text.into()))))
    }

    /// The string of character `c` (a character of a string: `for (c in s)`, `s[i]`). A
    /// one-byte (ASCII) character is made once and shared until a collection frees it —
    /// strings are immutable and compared by value, so sharing one cannot be observed —
    /// where iterating a string used to allocate a string per character (half the
    /// objects `string_build` made).
    pub fn char_str(&mut self, c: char) -> Value {
        let mut buf = [0; 4];
        let text: &str = c.encode_utf8(&mut buf);
        if !c.is_ascii() {
            return self.alloc_str(text);
        }
        match self.chars[c as usize] {
            NO_CHAR => {
                let v = self.alloc_str(text);
                if let Value::Str(r) = v {
                    self.chars[c as usize] = r.0;
                }
                v
            }
            r => Value::Str(Ref(r)),
        }
    }

    /// A new array of `items`, packed if they are all booleans ([`Array::from_values`]).
    pub fn alloc_array(&mut self, items: Vec<Value>) -> Value {
        self.alloc_elements(Array::from_values(items))
    }

    pub fn alloc_elements(&mut self, array: Array) -> Value {
        Value::Array(self.alloc(Object::Array(array)))
    }

    pub fn get(&self, r: Ref) -> &Object {
        &self.objects[r.0 as usize]
    }

    /// Private: replacing an object wholesale would leave its JIT table entry stale.
    fn get_mut(&mut self, r: Ref) -> &mut Object {
        &mut self.objects[r.0 as usize]
    }

    // The typed accessors below are only called with a handle taken from a value whose
    // tag names that type; a mismatch is a VM bug, not something input can cause.

    pub fn str(&self, r: Ref) -> &StrObj {
        match self.get(r) {
            Object::Str(s) => s,
            other => corrupt("string", other),
        }
    }

    #[inline]
    pub fn array(&self, r: Ref) -> &Array {
        match self.get(r) {
            Object::Array(a) => a,
            other => corrupt("array", other),
        }
    }

    /// Store `v` as element `i` (`i <` the length) of array `r`. A packed array that
    /// cannot hold `v` unpacks first, which changes its JIT table entry. The VM and the
    /// template tier's runtime path call this, never a trace (a recording that would
    /// unpack aborts), so an array's kind and buffer are fixed while a trace runs (the trace
    /// tier relies on it). Fails with `out of memory` when there is no room to unpack.
    #[inline]
    pub fn array_set(&mut self, r: Ref, i: usize, v: Value) -> Result<(), String> {
        let a = match (&mut self.objects[r.0 as usize], v) {
            (Object::Array(Array::Values(items)), v) => {
                items[i] = v;
                return Ok(());
            }
            (Object::Array(Array::Ints(ints)), Value::Int(x)) if Ints::holds(x) => {
                ints.set(i, x);
                return Ok(());
            }
            (Object::Array(a), _) => a,
            (other, _) => corrupt("array", other),
        };
        let (before, size) = (a.kind(), a.size());
        if a.set(i, v).is_err() {
            return Err(format!("out of memory: no room to unpack an array of {} elements", a.len()));
        }
        if a.kind() != before {
            let grown = a.size() - size;
            self.jit_table[r.0 as usize] = Self::jit_entry(self.get(r));
            self.note_growth(grown);
        }
        Ok(())
    }

    pub fn hash(&self, r: Ref) -> &HashMap {
        match self.get(r) {
            Object::Hash(h) => h,
            other => corrupt("hash", other),
        }
    }

    pub fn hash_mut(&mut self, r: Ref) -> &mut HashMap {
        match self.get_mut(r) {
            Object::Hash(h) => h,
            other => corrupt("hash", other),
        }
    }

    pub fn closure(&self, r: Ref) -> &ClosureObj {
        match self.get(r) {
            Object::Closure(c) => c,
            other => corrupt("closure", other),
        }
    }

    pub fn cell(&self, r: Ref) -> Value {
        match self.get(r) {
            Object::Cell(v) => **v,
            other => corrupt("cell", other),
        }
    }

    /// Address of cell `r`'s value (stable for the cell's lifetime).
    pub fn cell_addr(&self, r: Ref) -> usize {
        match self.get(r) {
            Object::Cell(v) => &**v as *const Value as usize,
            other => corrupt("cell", other),
        }
    }

    pub fn set_cell(&mut self, r: Ref, value: Value) {
        match self.get_mut(r) {
            Object::Cell(v) => **v = value,
            other => corrupt("cell", other),
        }
    }

    /// Limit the live heap to `bytes` (estimated as [`Object::size`] does).
    pub fn set_limit(&mut self, bytes: usize) {
        self.limit = bytes;
    }

    /// Mark everything reachable from `roots`, free the rest, and set the next budget.
    /// Fails with the runtime error `out of memory` when what survives is over the limit.
    pub fn collect(&mut self, roots: impl IntoIterator<Item = Value>) -> Result<(), String> {
        self.stats.collections += 1;
        // An object is marked when it is first met, so it enters `work` once: an array of
        // 100,000,000 references to one object adds one entry, not 100,000,000 (the list
        // grew to 537 MB, and past what Wasm memory had left: a trap; found in review).
        let (objects, marks) = (&self.objects, &mut self.marks);
        let mut work: Vec<Ref> = vec![];
        let mut mark = |r: Ref, work: &mut Vec<Ref>| {
            if !std::mem::replace(&mut marks[r.0 as usize], true) {
                work.push(r);
            }
        };
        for r in roots.into_iter().filter_map(Value::heap_ref) {
            mark(r, &mut work);
        }
        let mut surviving = 0usize;
        while let Some(r) = work.pop() {
            let object = &objects[r.0 as usize];
            surviving += object.size();
            match object {
                Object::Array(a) => a.refs().for_each(|r| mark(r, &mut work)),
                Object::Hash(h) => h.values().filter_map(|v| v.heap_ref()).for_each(|r| mark(r, &mut work)),
                Object::Closure(c) => c.free.iter().for_each(|&r| mark(r, &mut work)),
                Object::Cell(v) => v.heap_ref().into_iter().for_each(|r| mark(r, &mut work)),
                Object::Str(_) | Object::Free(_) => {}
            }
        }
        for (i, object) in self.objects.iter_mut().enumerate() {
            if std::mem::take(&mut self.marks[i]) || matches!(object, Object::Free(_)) {
                continue;
            }
            *object = Object::Free(self.free_head);
            self.free_head = i as u32;
            self.live -= 1;
            self.stats.objects_freed += 1;
        }
        for r in self.chars.iter_mut() {
            if *r != NO_CHAR && matches!(self.objects[*r as usize], Object::Free(_)) {
                *r = NO_CHAR;
            }
        }
        self.allocated = 0;
        // Twice the survivors, but no more than the room left under the limit (or a
        // quarter of the survivors, whichever is more), so that a heap growing towards
        // the limit is looked at again before it is far past it, and a heap just under it
        // is not collected every few MiB (100 collections instead of 5 in review).
        let room = self.limit.saturating_sub(surviving).max(surviving / 4).max(MIN_BUDGET);
        self.budget = (surviving * 2).max(MIN_BUDGET).min(room);
        if surviving > self.limit {
            let limit = self.limit;
            let limit = if limit >= 1 << 20 && limit % (1 << 20) == 0 { format!("{} MiB", limit >> 20) } else { format!("{limit} bytes") };
            return Err(format!("out of memory: more than {limit} live"));
        }
        Ok(())
    }
}

#[cold]
#[inline(never)]
fn corrupt(expected: &str, found: &Object) -> ! {
    panic!("heap corrupted: expected a {expected}, found {found:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JIT table holds what trace code reads without calling into the VM, at the
    /// handle's index, also when a freed slot is reused.
    #[test]
    fn jit_table_entries_describe_their_objects() {
        use crate::vm::array::kind;
        let mut heap = Heap::default();
        let garbage = heap.alloc_str("garbage");
        heap.collect([]).unwrap();
        let Value::Array(a) = heap.alloc_array(vec![Value::Int(1), Value::Null, Value::Int(3)]) else { panic!("array") };
        assert_eq!(a, match garbage { Value::Str(r) => r, _ => panic!("string") }, "the freed slot is reused");
        let cell = heap.alloc(Object::Cell(Box::new(Value::Int(7))));
        let closure = heap.alloc(Object::Closure(ClosureObj { proto: 4, free: vec![cell].into_boxed_slice() }));
        assert_eq!(heap.jit_table(), heap.jit_table.as_ptr() as usize);
        let table = |r: Ref| heap.jit_table[r.0 as usize];
        assert_eq!(table(a), [heap.array(a).jit_entry()[0], 3]);
        assert_eq!(table(cell), [heap.cell_addr(cell), 0]);
        assert_eq!(table(closure)[0], 4);
        assert_eq!(table(closure)[1], heap.closure(closure).free.as_ptr() as usize);
        // A string: its bytes and their number, flagged when they are not all characters.
        let (Value::Str(ascii), Value::Str(wide)) = (heap.alloc_str("abc"), heap.alloc_str("é日")) else { panic!("strings") };
        assert_eq!(heap.jit_table[ascii.0 as usize], [heap.str(ascii).text.as_ptr() as usize, 3]);
        assert_eq!(heap.jit_table[wide.0 as usize], [heap.str(wide).text.as_ptr() as usize, 5 | STR_NOT_ASCII]);
        // A packed array: the kind in the pointer's low bits, the length in its buffer.
        let Value::Array(ints) = heap.alloc_array(vec![Value::Int(1), Value::Int(2)]) else { panic!("array") };
        assert_eq!(heap.jit_table[ints.0 as usize], [heap.array(ints).jit_entry()[0], !2]);
        assert_eq!(heap.jit_table[ints.0 as usize][0] & kind::MASK, kind::INTS);
    }

    /// A packed array that unpacks has a new buffer and kind: its JIT table entry follows,
    /// and the growth counts towards the next collection.
    #[test]
    fn unpacking_an_array_updates_its_jit_table_entry() {
        use crate::vm::array::kind;
        let mut heap = Heap::default();
        let Value::Array(a) = heap.alloc_array(vec![Value::Bool(true); 100]) else { panic!("array") };
        assert_eq!(heap.jit_table[a.0 as usize], heap.array(a).jit_entry());
        assert_eq!(heap.jit_table[a.0 as usize][0] & kind::MASK, kind::BOOLS);
        heap.array_set(a, 3, Value::Bool(false)).unwrap();
        assert_eq!(heap.jit_table[a.0 as usize][0] & kind::MASK, kind::BOOLS, "a boolean fits");
        let before = heap.allocated;
        heap.array_set(a, 5, Value::Int(9)).unwrap();
        assert_eq!(heap.jit_table[a.0 as usize], [heap.array(a).jit_entry()[0], 100]);
        assert_eq!(heap.jit_table[a.0 as usize][0] & kind::MASK, kind::VALUES);
        // 100 values replace a length word and 13 words of bytes.
        assert!(heap.allocated >= before + 100 * 16 - 8 * 14, "the unpacked buffer is accounted");
        let got = format!("{:?}", (heap.array(a).get(3), heap.array(a).get(4), heap.array(a).get(5)));
        assert_eq!(got, format!("{:?}", (Some(Value::Bool(false)), Some(Value::Bool(true)), Some(Value::Int(9)))));
    }

    /// A borrowed key finds what its owned form was stored under, and only that: the two
    /// hash alike for every kind of key.
    #[test]
    fn key_refs_find_their_keys() {
        use std::hash::BuildHasher;
        let owned = [HashKey::Int(-7), HashKey::Int(1), HashKey::Bool(true), HashKey::Bool(false), HashKey::Str("1".into()), HashKey::Str("".into())];
        let borrowed = [KeyRef::Int(-7), KeyRef::Int(1), KeyRef::Bool(true), KeyRef::Bool(false), KeyRef::Str("1"), KeyRef::Str("")];
        let hasher = BuildHasherDefault::<FxHasher>::default();
        let mut map = HashMap::default();
        for (i, (k, b)) in owned.iter().zip(&borrowed).enumerate() {
            assert_eq!(hasher.hash_one(k), hasher.hash_one(b), "{k:?}");
            map.insert(k.clone(), Value::Int(i as i64));
        }
        for (i, b) in borrowed.iter().enumerate() {
            assert!(matches!(map.get(b), Some(&Value::Int(n)) if n == i as i64), "{b:?}");
        }
        assert!(map.get(&KeyRef::Str("-7")).is_none() && map.get(&KeyRef::Int(0)).is_none());
    }

    /// One-byte characters are shared until a collection frees them; others are new
    /// strings each time.
    #[test]
    fn char_strings_are_shared_until_collected() {
        let mut heap = Heap::default();
        let (a, b) = (heap.char_str('a'), heap.char_str('a'));
        assert!(matches!((a, b), (Value::Str(x), Value::Str(y)) if x == y), "one 'a': {a:?} {b:?}");
        assert_eq!(heap.stats.objects_allocated, 1);
        let (e1, e2) = (heap.char_str('é'), heap.char_str('é'));
        assert!(matches!((e1, e2), (Value::Str(x), Value::Str(y)) if x != y), "two 'é': {e1:?} {e2:?}");
        assert_eq!(&*heap.str(match e2 { Value::Str(r) => r, _ => unreachable!() }).text, "é");
        // Kept alive, the shared 'a' survives a collection and is still handed out.
        heap.collect([a]).unwrap();
        assert!(matches!((a, heap.char_str('a')), (Value::Str(x), Value::Str(y)) if x == y));
        // Freed, it is forgotten: the next 'a' is a new string, never the freed slot's
        // next occupant.
        heap.collect([]).unwrap();
        let other = heap.alloc_str("other");
        let fresh = heap.char_str('a');
        assert!(matches!(fresh, Value::Str(r) if &*heap.str(r).text == "a"));
        assert_ne!(fresh.heap_ref(), other.heap_ref());
    }

    #[test]
    fn collect_frees_unreachable_and_keeps_reachable() {
        let mut heap = Heap::default();
        let kept = heap.alloc_str("kept");
        let inner = heap.alloc_str("inner");
        let array = heap.alloc_array(vec![inner, Value::Int(1)]);
        let _garbage = heap.alloc_str("garbage");
        let cycle = heap.alloc_array(vec![Value::Null]);
        if let Value::Array(r) = cycle {
            heap.array_set(r, 0, cycle).unwrap();
        }
        heap.collect([kept, array]).unwrap();
        assert_eq!(heap.live_objects(), 3);
        assert_eq!(heap.stats.objects_freed, 2);
        // Freed slots are reused.
        let again = heap.alloc_str("again");
        assert!(again.heap_ref().map(|r| r.0 as usize).unwrap() < 5);
        let Value::Array(r) = array else { unreachable!() };
        let Some(Value::Str(s)) = heap.array(r).get(0) else { unreachable!() };
        assert_eq!(&*heap.str(s).text, "inner");
    }

    /// More live than the limit fails the collection with `out of memory`; garbage does
    /// not count, and a heap near its limit is collected again before it is far past it.
    #[test]
    fn collect_over_the_limit_is_out_of_memory() {
        let mut heap = Heap::default();
        heap.set_limit(100 << 20);
        let big = heap.alloc_array(vec![Value::Null; 60 << 16]); // 60 MiB
        heap.collect([big]).unwrap();
        assert_eq!(heap.budget, (40 << 20) - 32, "the room left under the limit (an object counts 32 bytes more), not twice the survivors");
        let garbage = heap.alloc_array(vec![Value::Null; 60 << 16]);
        assert!(heap.wants_collection());
        heap.collect([big]).unwrap();
        let more = heap.alloc_array(vec![Value::Null; 30 << 16]); // 30 MiB
        heap.collect([big, more]).unwrap();
        assert_eq!(heap.budget, (90 << 20) / 4 + 16, "near the limit, a quarter of the survivors");
        let most = heap.alloc_array(vec![Value::Null; 20 << 16]);
        assert_eq!(heap.collect([big, more, most]), Err("out of memory: more than 100 MiB live".to_string()));
        heap.set_limit(0);
        assert_eq!(heap.collect([big, more, garbage]), Err("out of memory: more than 0 bytes live".to_string()));
        heap.set_limit(100 << 20);
        heap.collect([more]).unwrap();
        assert_eq!(heap.live_objects(), 1);
    }

    /// An object many references reach enters the mark list once (an array of 10^8
    /// references to one object made it 10^8 long: a Wasm trap).
    #[test]
    fn marking_meets_each_object_once() {
        let mut heap = Heap::default();
        let shared = heap.alloc_array(vec![]);
        let many = heap.alloc_array(vec![shared; 1 << 20]);
        let cycle = heap.alloc_array(vec![Value::Null; 2]);
        if let Value::Array(r) = cycle {
            heap.array_set(r, 0, cycle).unwrap();
            heap.array_set(r, 1, many).unwrap();
        }
        heap.collect([cycle, cycle, many]).unwrap();
        assert_eq!(heap.live_objects(), 3);
        assert_eq!(heap.stats.objects_freed, 0);
        heap.collect([shared]).unwrap();
        assert_eq!(heap.live_objects(), 1);
    }

    #[test]
    fn char_at_counts_characters() {
        let s = StrObj::new("héllo".into());
        assert_eq!(s.chars, 5);
        assert_eq!(s.char_at(1), Some("é"));
        assert_eq!(s.char_at(4), Some("o"));
        assert_eq!(s.char_at(5), None);
    }
}
