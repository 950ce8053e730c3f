//! Liveness of a function's locals: which slots may still be read, before being
//! written, on some path from a pc.
//!
//! The trace tier asks it at a loop head ([`dead_locals_at`]). A local that is dead there
//! (a `let` inside the loop body, written before every read) needs no value across the
//! back-edge: a trace neither loads nor type-checks it on entry, carries it in no PHI, and
//! a side trace that rejoins the loop need not write it back to memory (LuaJIT's snapshot
//! use-def analysis, `snap_usedef`, serves the same end).
//!
//! A backward dataflow over the instructions, iterated to a fixed point:
//! `live_in(pc) = uses(pc) ∪ (live_out(pc) \ defs(pc))`, `live_out` the union over the
//! successors (the next instruction unless the op is a terminator, and the branch
//! target). Only `SetLocal` and `IterInit` define a slot; an instruction that both reads
//! and writes one (`MakeCell`, `IterNext`'s cursor) uses it. Captured locals hold cells
//! that closures share, and `Closure` reads them through its capture list: they count
//! as always live. Slots above the locals (the operand stack) are not analysed.

use super::{instructions, Op, Proto};

/// The locals of `proto` (slots below `num_locals`) that no path from `pc` reads before
/// writing, in increasing order. Empty when `pc` starts no instruction.
pub fn dead_locals_at(proto: &Proto, pc: usize) -> Vec<u32> {
    let n = proto.num_locals as usize;
    let words = n.div_ceil(64);
    let code: Vec<_> = instructions(&proto.code).collect();
    let Some(at) = code.iter().position(|i| i.pc == pc) else { return vec![] };
    let index_of = |target: usize| code.binary_search_by_key(&target, |i| i.pc).ok();
    // Per instruction: the slots it reads, and those it writes without reading them.
    let effect = |i: &super::Instr| -> ([Option<u32>; 2], [Option<u32>; 2]) {
        match i.op {
            Op::GetLocal | Op::GetCell | Op::SetCell | Op::MakeCell => ([Some(i.args[0]), None], [None, None]),
            Op::IterNext => ([Some(i.args[0]), Some(i.args[1])], [None, None]),
            Op::SetLocal => ([None, None], [Some(i.args[0]), None]),
            Op::IterInit => ([None, None], [Some(i.args[0]), Some(i.args[1])]),
            _ => ([None, None], [None, None]),
        }
    };
    let bit = |s: u32| (s as usize / 64, 1u64 << (s % 64));
    let mut live_in = vec![vec![0u64; words]; code.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for k in (0..code.len()).rev() {
            let i = &code[k];
            let mut bits = vec![0u64; words];
            let successors = [(!i.op.is_terminator()).then_some(k + 1), i.branch_target().and_then(index_of)];
            for s in successors.into_iter().flatten().filter(|&s| s < code.len()) {
                for (b, o) in bits.iter_mut().zip(&live_in[s]) {
                    *b |= o;
                }
            }
            let (uses, defs) = effect(i);
            for (w, m) in defs.into_iter().flatten().map(bit).filter(|(w, _)| *w < words) {
                bits[w] &= !m;
            }
            for (w, m) in uses.into_iter().flatten().map(bit).filter(|(w, _)| *w < words) {
                bits[w] |= m;
            }
            if bits != live_in[k] {
                live_in[k] = bits;
                changed = true;
            }
        }
    }
    let live = &live_in[at];
    (0..n as u32).filter(|&s| live[bit(s).0] & bit(s).1 == 0 && !proto.captured.get(s as usize).copied().unwrap_or(true)).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::bytecode::Instr;
    use crate::compiler::tests::compiled as compile;

    fn loop_head(proto: &Proto) -> usize {
        instructions(&proto.code).find(|i| i.op == Op::Loop).and_then(|i| i.branch_target()).expect("a loop")
    }

    /// In a Lomuto partition loop, the swap's `t` is written before every read, so it is
    /// dead at the loop head; `i` and `j` (read by the next iteration) and the parameters
    /// read in the loop and after it are live.
    #[test]
    fn a_let_in_the_loop_body_is_dead_at_the_loop_head() {
        let program = compile(
            "let p = fn(a, lo, hi) { let pivot = a[hi]; let i = lo;
               for (let j = lo; j < hi; j += 1) { if (a[j] < pivot) { let t = a[i]; a[i] = a[j]; a[j] = t; i += 1; } }
               i };
             p([3, 1, 2], 0, 2);",
        );
        let proto = &program.protos[1];
        let dead = dead_locals_at(proto, loop_head(proto));
        // Slots: a 0, lo 1, hi 2, pivot 3, i 4, j 5, t 6. `lo` is read only before the loop.
        assert_eq!(dead, vec![1, 6]);
    }

    /// A local read on one path before any write on it is live, however the other paths
    /// go; so is a captured one.
    #[test]
    fn a_read_on_one_path_or_a_capture_keeps_a_local_live() {
        let program = compile(
            "let f = fn(n) { let x = 0; let c = 0; let g = fn() { c };
               for (let k = 0; k < n; k += 1) { if (k > 2) { puts(x); } x = k; c = k; }
               g() };
             f(5);",
        );
        let proto = &program.protos[1];
        let dead = dead_locals_at(proto, loop_head(proto));
        assert!(dead.is_empty(), "{dead:?}");
    }

    /// The oracle: a local is dead at a pc exactly when a search of every path from it,
    /// stopping at writes, finds no read. Checked at every loop head of every function of
    /// every repository program.
    #[test]
    fn agrees_with_a_path_search_on_all_programs() {
        let mut heads = 0;
        for (file, program) in crate::bytecode::repository_programs() {
            for proto in &program.protos {
                let code: Vec<Instr> = instructions(&proto.code).collect();
                let at = |pc: usize| code.iter().position(|i| i.pc == pc);
                for head in code.iter().filter(|i| i.op == Op::Loop).filter_map(|i| i.branch_target()) {
                    heads += 1;
                    let dead = dead_locals_at(proto, head);
                    for s in 0..u32::from(proto.num_locals) {
                        let mut seen = vec![false; code.len()];
                        let mut work = vec![at(head).unwrap()];
                        let mut read = proto.captured.get(s as usize).copied().unwrap_or(true);
                        while let Some(k) = work.pop() {
                            if k >= code.len() || std::mem::replace(&mut seen[k], true) {
                                continue;
                            }
                            let i = &code[k];
                            let reads = match i.op {
                                Op::GetLocal | Op::GetCell | Op::SetCell | Op::MakeCell => i.args[0] == s,
                                Op::IterNext => i.args[0] == s || i.args[1] == s,
                                _ => false,
                            };
                            if reads {
                                read = true;
                                break;
                            }
                            let writes = match i.op {
                                Op::SetLocal => i.args[0] == s,
                                Op::IterInit => i.args[0] == s || i.args[1] == s,
                                _ => false,
                            };
                            if writes {
                                continue;
                            }
                            if !i.op.is_terminator() {
                                work.push(k + 1);
                            }
                            work.extend(i.branch_target().and_then(at));
                        }
                        assert_eq!(!read, dead.contains(&s), "{} slot {s} at pc {head} of {}", file.display(), proto.name);
                    }
                }
            }
        }
        assert!(heads > 100, "only {heads} loop heads");
    }
}
