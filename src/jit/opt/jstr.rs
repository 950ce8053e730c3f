//! Strings as JavaScript strings: a loop that builds a string keeps it as a JS string.
//!
//! A heap string is a handle: every `+`, every character read and every `==` on one is a
//! call into Wasm, which allocates (`+`, and a character other than an ASCII one), and a
//! loop made of them ran slower as a trace than in the interpreter, which makes the same
//! calls without leaving Wasm. This pass moves such loops into JavaScript's own strings
//! (type `jstr`), which V8 concatenates and compares inline.
//!
//! Assumes: a peeled loop trace (a `Loop` marker; not a function trace, no `CallTrace`,
//! which reads its locations from memory), after `hoist`; heap strings never change.
//! Guarantees:
//! - A string PHI whose next value is a `StrCat` (or a character) becomes a `jstr` PHI,
//!   that `StrCat` a `JCat`, and so on back through the `StrCat`s and string PHIs that
//!   build it. Their operands that are heap strings are read once, where they are defined
//!   (`SToJ`; in the preheader for an invariant one), and `str` of an integer is printed
//!   in JS (`IntToJ`). A character of a heap string that such a `+` or an `==` takes
//!   (`Unbox` of `SIndex`) becomes `JIndex` of the string's `SChars`, with the `Unbox`'s
//!   exit for an index out of range.
//! - `StrEq` of a `jstr` or such a character becomes `JEq`.
//! - Any other use of a `jstr` value (a store, a helper's argument) takes a heap string
//!   made from it just before (`JToS`): after `sink` has removed the stores of carried
//!   locations, `dce` removes those no longer used. Snapshots keep `jstr` values: an exit
//!   makes their heap strings (js.rs).
//! - A `JCat` exits before a result that might exceed `vm::ops::MAX_STR_LEN` bytes, where
//!   the interpreter repeats the `+` (and raises `string too large` if it is).
//!
//! A `jstr` has no surrogate pairs only when its heap string had none; `SChars` gives an
//! array of characters for one that has, so `JIndex` indexes characters either way.

use super::{insert_many, inserted};
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let Some(loop_at) = trace.loop_index() else { return };
    if trace.function || trace.ins.iter().any(|i| i.op == IrOp::CallTrace) {
        return;
    }
    let n = trace.ins.len();
    let def = |trace: &Trace, r: IrRef| trace.get(r).op;
    // A character read: `Unbox` (as a string) of an `SIndex` of a string handle.
    let is_char = |trace: &Trace, r: IrRef| {
        let ins = trace.get(r);
        ins.op == IrOp::Unbox && ins.ty == Ty::Str && def(trace, ins.ra()) == IrOp::SIndex && trace.get(trace.get(ins.ra()).ra()).ty == Ty::Str
    };

    // 1. What becomes a `jstr`: string PHIs built by `+` (or taking a character), the
    //    `+`s and PHIs that build them, the characters they take, and `==`s of either.
    let mut js = vec![false; n];
    let mut chars = vec![false; n];
    let mut eqs = vec![false; n];
    let string_phi = |ins: &Ins| ins.op == IrOp::Phi && ins.ty == Ty::Str && !ins.rb().is_none();
    let mut changed = true;
    while changed {
        changed = false;
        let mut mark = |v: &mut Vec<bool>, i: usize| {
            if !v[i] {
                v[i] = true;
                changed = true;
            }
        };
        for i in 0..n {
            let ins = trace.ins[i];
            match ins.op {
                IrOp::Phi if string_phi(&ins) => {
                    let back = ins.rb();
                    if def(trace, back) == IrOp::StrCat || js[back.index()] || chars[back.index()] {
                        mark(&mut js, i);
                    }
                    if js[i] && def(trace, back) == IrOp::StrCat {
                        mark(&mut js, back.index());
                    }
                    if js[i] && is_char(trace, back) {
                        mark(&mut chars, back.index());
                    }
                }
                IrOp::StrCat | IrOp::StrEq => {
                    let joins = if ins.op == IrOp::StrCat { js[i] } else { [ins.ra(), ins.rb()].iter().any(|o| js[o.index()] || is_char(trace, *o)) };
                    if !joins {
                        continue;
                    }
                    if ins.op == IrOp::StrEq {
                        mark(&mut eqs, i);
                    }
                    for o in [ins.ra(), ins.rb()] {
                        let d = trace.get(o);
                        if is_char(trace, o) {
                            mark(&mut chars, o.index());
                        } else if ins.op == IrOp::StrCat && (d.op == IrOp::StrCat || string_phi(d)) {
                            mark(&mut js, o.index());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // A character of a string the loop keeps as a `jstr` (built, or itself a character)
    // is read from a heap string made of it (found by a bug hunt: `SChars` read the JS
    // string as a handle, of another string).
    let read_in_js = chars.clone();
    for i in (0..n).filter(|&i| read_in_js[i]) {
        let s = trace.get(trace.ins[i].ra()).ra().index();
        if js[s] || read_in_js[s] {
            chars[i] = false;
        }
    }
    if !js.iter().chain(&eqs).any(|&x| x) {
        return;
    }

    // 2. Rewrite. New instructions go just after their operand's definition (after the
    //    PHIs for a PHI; in the preheader for an invariant one), made once per value.
    let first_body = (loop_at + 1..n).find(|&k| trace.ins[k].op != IrOp::Phi).unwrap_or(n);
    let place = |r: IrRef| match r.index() {
        k if trace.ins[k].op == IrOp::Phi => first_body,
        k => k + 1,
    };
    let mut new = New { extra: vec![], made: vec![], printed: vec![] };
    // `str` of an integer is printed in JS (the heap string is then unused).
    let int_text = |r: IrRef| Some(trace.get(r)).filter(|d| d.op == IrOp::ToStr).map(|d| trace.get(d.ra())).filter(|b| b.op == IrOp::Box && trace.get(b.ra()).ty == Ty::Int).map(|b| b.ra());
    // A `jstr` of value `r`.
    let as_js = |new: &mut New, r: IrRef| match int_text(r) {
        _ if js[r.index()] || chars[r.index()] => r,
        Some(x) => {
            let k = new.make(IrOp::IntToJ, x, place(r));
            new.printed.push((r, k));
            k
        }
        None => new.make(IrOp::SToJ, r, place(r)),
    };
    let mut changed: Vec<(usize, Ins)> = vec![];
    for i in 0..n {
        let mut ins = trace.ins[i];
        if js[i] && ins.op == IrOp::Phi {
            (ins.a, ins.b) = (as_js(&mut new, ins.ra()).0, as_js(&mut new, ins.rb()).0);
            ins.ty = Ty::JStr;
        } else if js[i] || eqs[i] {
            (ins.a, ins.b) = (as_js(&mut new, ins.ra()).0, as_js(&mut new, ins.rb()).0);
            (ins.op, ins.ty) = if js[i] { (IrOp::JCat, Ty::JStr) } else { (IrOp::JEq, Ty::Bool) };
        } else if chars[i] {
            let index = trace.get(ins.ra());
            let s = index.ra();
            let c = new.make(IrOp::SChars, s, place(s));
            (ins.a, ins.b) = (c.0, index.b);
            ins.op = IrOp::JIndex;
            ins.ty = Ty::JStr;
        } else {
            continue;
        }
        changed.push((i, ins));
    }
    // Exits make the heap string of a `str` printed in JS from its `jstr` (no `ToStr`
    // left for them to keep).
    for snap in &mut trace.snaps {
        for (_, r) in snap.slots.iter_mut().chain(snap.globals.iter_mut()) {
            if let Some((_, k)) = new.printed.iter().find(|(t, _)| t == r) {
                *r = *k;
            }
        }
    }
    let mut extra = new.extra;
    let is_js = |r: IrRef| !r.is_none() && r.index() < n && (js[r.index()] || chars[r.index()]);
    // Other uses of a `jstr` take a heap string made just before the first of them.
    let mut heap: Vec<(IrRef, IrRef)> = vec![];
    for i in 0..n {
        if js[i] || eqs[i] || chars[i] {
            continue; // rewritten above
        }
        let mut ins = trace.ins[i];
        if !ins.refs().any(is_js) {
            continue;
        }
        let is_phi = ins.op == IrOp::Phi;
        ins.map_refs(|r| {
            if !is_js(r) {
                return r;
            }
            if let Some((_, h)) = heap.iter().find(|(x, _)| *x == r) {
                return *h;
            }
            // A PHI takes its values before the loop and at the end of an iteration.
            let at = if is_phi { place(r) } else { i };
            extra.push((at, Ins { a: r.0, ..Ins::new(IrOp::JToS, Ty::Str) }));
            let h = inserted(extra.len() - 1);
            heap.push((r, h));
            h
        });
        changed.push((i, ins));
    }
    for (i, ins) in changed {
        trace.ins[i] = ins;
    }
    // A character's `SIndex` is left for `dce`.
    insert_many(trace, extra);
}

/// The instructions the rewrite inserts, each made once per operand.
struct New {
    extra: Vec<(usize, Ins)>,
    made: Vec<(IrOp, IrRef, IrRef)>,
    /// Each `ToStr` printed in JS, and its `IntToJ`.
    printed: Vec<(IrRef, IrRef)>,
}

impl New {
    /// `op` of `r`, inserted before instruction `at`: its [`inserted`] reference.
    fn make(&mut self, op: IrOp, r: IrRef, at: usize) -> IrRef {
        if let Some((_, _, k)) = self.made.iter().find(|(o, x, _)| *o == op && *x == r) {
            return *k;
        }
        self.extra.push((at, Ins { a: r.0, ..Ins::new(op, Ty::JStr) }));
        let k = inserted(self.extra.len() - 1);
        self.made.push((op, r, k));
        k
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    /// `r = c + r` over the characters of `s`: `r` stays a JS string in the loop, `s` is
    /// read once before it, and the store of `r` takes a heap string (which `sink` and
    /// `dce` remove); the exit's snapshot keeps the `jstr`.
    #[test]
    fn a_string_built_in_a_loop_stays_a_js_string() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 str   Unbox %0000 #0\n0002 any   SLoad [1]\n0003 str   Unbox %0002 #0\n0004 int   KInt =0\n---- LOOP\n0006 str   Phi %0003 %0010\n0007 int   Phi %0004 %0012\n0008 any   SIndex %0001 %0007\n0009 str   Unbox %0008 #1\n0010 str   StrCat %0009 %0006 #1\n0011 int   KInt =1\n0012 int   Add %0007 %0011 #1\n0013 void  SStore [1] %0010\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {1:%0006}\n",
            "0000 any   SLoad [0]\n0001 str   Unbox %0000 #0\n0002 jstr  SChars %0001\n0003 any   SLoad [1]\n0004 str   Unbox %0003 #0\n0005 jstr  SToJ %0004\n0006 int   KInt =0\n---- LOOP\n0008 jstr  Phi %0005 %0012\n0009 int   Phi %0006 %0014\n0010 any   SIndex %0001 %0009\n0011 jstr  JIndex %0002 %0009 #1\n0012 jstr  JCat %0011 %0008 #1\n0013 int   KInt =1\n0014 int   Add %0009 %0013 #1\n0015 str   JToS %0012\n0016 void  SStore [1] %0015\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {1:%0008}\n",
        );
    }
}
