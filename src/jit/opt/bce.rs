//! Bounds-check elimination for induction-variable indexes.
//!
//! Assumes: a peeled trace with a preheader (`hoist`: `Loop` marker, PHIs), already
//! cleaned by `fold`/`cse`. Without `hoist` the instructions before the loop are its first
//! iteration, and checks placed after it left with that iteration uncounted (its back-edge
//! lost: loop counts one short, a step limit passed — found by a bug hunt with `-hoist`),
//! so the pass then does nothing.
//! Guarantees: in the loop body, `GuardIndex(i, len)` is removed when `i` is an
//! induction variable — a PHI whose next value is `i + c` with `c` a positive constant
//! or loop-invariant, so it never shrinks — `len` is loop-invariant, and an earlier body
//! guard `i < n` or `i <= n` holds with `n` loop-invariant. Instead, guards run once
//! before the loop (restoring the loop-head state): `0 <= start` for the PHI's start
//! value, `0 <= c` for an invariant step (a sieve's `j += i`), and, unless `n` is `len`
//! itself, `n <= len` (for `i < n`) or `n < len` (for `i <= n`). Together with the bound
//! in each iteration they make every check redundant.
//! Side traces that go round the loop hand such a PHI values of their own: the PHI is
//! listed in `Trace::nonnegative`, and the code generator checks what they hand it.

use super::{const_int, insert_before, step_operand};
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    // What this pass records is about this trace's numbering only.
    trace.nonnegative.clear();
    let Some(loop_at) = trace.loop_index() else { return };
    // Without a preheader, or where arrays of both kinds meet (`Trace::kinds_in_body`: a
    // check before the loop would fail for the other kind, which then gets no side trace).
    if !trace.preheader || trace.kinds_in_body {
        return;
    }
    // The checks before the loop restore the loop-head state (below): without the body's
    // loop-head snapshot nothing is removed.
    let Some(body_head) = trace.ins[loop_at + 1..].iter().find(|i| i.op == IrOp::GuardBudget).map(|i| i.snap) else { return };
    let invariant = |r: IrRef| r.index() < loop_at;
    // Checks for before the loop: `a <= b` (`Le`) or `a < b` (`Lt`).
    let mut hoist: Vec<(IrOp, IrRef, IrRef)> = vec![];
    let mut starts: Vec<IrRef> = vec![];
    let mut steps: Vec<IrRef> = vec![];
    // Body guards `i < n` (strict) and `i <= n`.
    let mut bounds: Vec<(IrRef, IrRef, bool)> = vec![];
    for i in loop_at + 1..trace.ins.len() {
        let ins = trace.ins[i];
        match ins.op {
            IrOp::GuardTrue => {
                let cond = trace.get(ins.ra());
                if matches!(cond.op, IrOp::Lt | IrOp::Le) && invariant(cond.rb()) {
                    bounds.push((cond.ra(), cond.rb(), cond.op == IrOp::Lt));
                }
            }
            IrOp::GuardIndex if invariant(ins.rb()) => {
                let Some(step) = growing(trace, ins.ra(), loop_at) else { continue };
                // The best of the bounds on `i`: `i < len` on the very length checked needs
                // nothing before the loop; another strict one `n <= len` (also `len(a)`,
                // either kind's length, against the access's own length of `a`, the table's
                // word, whose failing for a packed array keeps a read of values off it); an
                // inclusive one `n < len`, which fails where the loop runs to an `n` past
                // the end (a review found a loop `i <= n` that also checked `i < len(a)`
                // blacklisted when bce took the first bound). `i <= len` of the same array
                // is out of range at its last iteration: no bound.
                let len = ins.rb();
                let rank = |&&(_, n, strict): &&(IrRef, IrRef, bool)| match (strict, n == len, same_length(trace, n, len)) {
                    (true, true, _) => 0,
                    (true, false, _) => 1,
                    (false, _, false) => 2,
                    (false, _, true) => 3,
                };
                let Some(&(_, n, strict)) = bounds.iter().filter(|(idx, _, _)| *idx == ins.ra()).min_by_key(rank) else { continue };
                if !strict && same_length(trace, n, len) {
                    continue;
                }
                trace.ins[i].op = IrOp::Nop;
                // Checked once before the loop: the bound fits the array, the index
                // starts non-negative, and it never shrinks.
                let start = IrRef(trace.get(ins.ra()).a);
                let fits = (if strict { IrOp::Le } else { IrOp::Lt }, n, len);
                if !(strict && n == len || hoist.contains(&fits)) {
                    hoist.push(fits);
                }
                if !starts.contains(&start) {
                    starts.push(start);
                }
                if let Step::Invariant(c) = step {
                    if !steps.contains(&c) {
                        steps.push(c);
                    }
                }
                if !trace.nonnegative.contains(&ins.ra()) {
                    trace.nonnegative.push(ins.ra());
                }
            }
            _ => {}
        }
    }
    if hoist.is_empty() && starts.is_empty() {
        return;
    }
    let zero = IrRef(loop_at as u32);
    hoist.extend(starts.into_iter().chain(steps).map(|x| (IrOp::Le, zero, x)));
    // The checks run once, just before the loop, restoring the loop-head state: the
    // body's loop-head snapshot with each PHI replaced by its value on entry.
    let mut snap = trace.snaps[body_head as usize].clone();
    for (_, r) in snap.slots.iter_mut().chain(snap.globals.iter_mut()) {
        let def = trace.get(*r);
        if def.op == IrOp::Phi {
            *r = def.ra();
        }
    }
    trace.snaps.push(snap);
    let head_snap = trace.snaps.len() as u32 - 1;
    let mut extra = vec![];
    extra.push(Ins { imm: 0, ..Ins::new(IrOp::KInt, Ty::Int) });
    for (op, a, b) in hoist {
        let cmp = IrRef((loop_at + extra.len()) as u32);
        extra.push(Ins { a: a.0, b: b.0, ..Ins::new(op, Ty::Bool) });
        extra.push(Ins { a: cmp.0, snap: head_snap, ..Ins::new(IrOp::GuardTrue, Ty::Void) });
    }
    insert_before(trace, loop_at, extra);
}

/// Whether `a` and `b` are lengths of the same array: the same value, or `ALen`s of it
/// read for different kinds (`len(a)` reads either kind's, an element access the kind it
/// checked). For an inclusive bound that is enough to know the last iteration fails.
fn same_length(trace: &Trace, a: IrRef, b: IrRef) -> bool {
    let (x, y) = (trace.get(a), trace.get(b));
    a == b || (x.op == IrOp::ALen && y.op == IrOp::ALen && x.a == y.a)
}

/// How an induction variable's step is known not to be negative.
enum Step {
    /// A positive constant.
    Constant,
    /// A loop-invariant value, checked before the loop.
    Invariant(IrRef),
}

/// For PHI `r`: whether its loop value is `r + c` with `c` a positive constant or
/// loop-invariant (instructions before `loop_at`).
fn growing(trace: &Trace, r: IrRef, loop_at: usize) -> Option<Step> {
    let (true, c) = step_operand(trace, r)? else { return None };
    match const_int(trace, c) {
        Some(k) if k > 0 => Some(Step::Constant),
        // `i += -1` does not grow (its check before the loop, `0 <= -1`, would always fail).
        Some(_) => None,
        None => (c.index() < loop_at && trace.get(c).ty == Ty::Int).then_some(Step::Invariant(c)),
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    #[test]
    fn index_checks_of_an_induction_variable_leave_the_loop() {
        check(
            super::run,
            "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0007 int   Phi %0004 %0012\n0008 void  GuardBudget =1 #1\n0009 bool  Lt %0007 %0003\n0010 void  GuardTrue %0009 #1\n0011 void  GuardIndex %0007 %0002 #1\n0012 int   Add %0007 %0005 #1\n",
            "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =1\n0006 int   KInt =0\n0007 bool  Le %0003 %0002\n0008 void  GuardTrue %0007 #2\n0009 bool  Le %0006 %0004\n0010 void  GuardTrue %0009 #2\n---- LOOP (preheader above)\n0012 int   Phi %0004 %0017\n0013 void  GuardBudget =1 #1\n0014 bool  Lt %0012 %0003\n0015 void  GuardTrue %0014 #1\n0017 int   Add %0012 %0005 #1\n",
        );
    }

    /// The PHI is listed for the code generator, which checks what side traces hand it
    /// (renumbered with the checks inserted before the loop).
    #[test]
    fn the_phi_is_listed_as_non_negative() {
        let mut trace: crate::jit::ir::Trace = "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0007 int   Phi %0004 %0012\n0008 void  GuardBudget =1 #1\n0009 bool  Lt %0007 %0003\n0010 void  GuardTrue %0009 #1\n0011 void  GuardIndex %0007 %0002 #1\n0012 int   Add %0007 %0005 #1\n".parse().unwrap();
        super::run(&mut trace);
        assert_eq!(trace.nonnegative, vec![crate::jit::ir::IrRef(12)]);
    }

    /// A sieve's inner loop, `j <= n` stepping by a loop-invariant `i`: the step is checked
    /// non-negative and `n < len` before the loop.
    #[test]
    fn an_inclusive_bound_and_an_invariant_step_are_checked_before_the_loop() {
        check(
            super::run,
            "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 any   SLoad [2]\n0006 int   Unbox %0005 #0\n---- LOOP (preheader above)\n0008 int   Phi %0004 %0013\n0009 void  GuardBudget =1 #1\n0010 bool  Le %0008 %0003\n0011 void  GuardTrue %0010 #1\n0012 void  GuardIndex %0008 %0002 #1\n0013 int   Add %0008 %0006 #1\n",
            "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 any   SLoad [2]\n0006 int   Unbox %0005 #0\n0007 int   KInt =0\n0008 bool  Lt %0003 %0002\n0009 void  GuardTrue %0008 #2\n0010 bool  Le %0007 %0004\n0011 void  GuardTrue %0010 #2\n0012 bool  Le %0007 %0006\n0013 void  GuardTrue %0012 #2\n---- LOOP (preheader above)\n0015 int   Phi %0004 %0020\n0016 void  GuardBudget =1 #1\n0017 bool  Le %0015 %0003\n0018 void  GuardTrue %0017 #1\n0020 int   Add %0015 %0006 #1\n",
        );
        // `i <= len` itself: the last iteration's check fails, so it stays in the loop.
        let text = "0001 arr   KRef =5\n0002 int   ALen %0001\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0008 int   Phi %0004 %0013\n0009 void  GuardBudget =1 #1\n0010 bool  Le %0008 %0002\n0011 void  GuardTrue %0010 #1\n0012 void  GuardIndex %0008 %0002 #1\n0013 int   Add %0008 %0005 #1\n";
        check(super::run, text, text);
        // `i <= len(a)` against the access's own `ALen` of `a` (another `imm`): the same
        // length, so the check stays in the loop (a review found it hoisted as `len < len`).
        let text = "0001 arr   KRef =5\n0002 int   ALen %0001 =-1\n0003 int   ALen %0001\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0008 int   Phi %0004 %0013\n0009 void  GuardBudget =1 #1\n0010 bool  Le %0008 %0003\n0011 void  GuardTrue %0010 #1\n0012 void  GuardIndex %0008 %0002 #1\n0013 int   Add %0008 %0005 #1\n";
        check(super::run, text, text);
        // Of `i <= n` and `i < len(a)`, the strict bound is used, whose check before the
        // loop (`len(a)` within the access's length of `a`) holds whatever `n` is; `n < len`
        // failed for a loop running past the end (found in review: blacklisted).
        check(
            super::run,
            "0001 arr   KRef =5\n0002 int   ALen %0001 =-1\n0003 int   ALen %0001\n0004 int   KInt =0\n0005 int   KInt =1\n0006 int   KInt =120\n---- LOOP (preheader above)\n0008 int   Phi %0004 %0015\n0009 void  GuardBudget =1 #1\n0010 bool  Le %0008 %0006\n0011 void  GuardTrue %0010 #1\n0012 bool  Lt %0008 %0003\n0013 void  GuardTrue %0012 #1\n0014 void  GuardIndex %0008 %0002 #1\n0015 int   Add %0008 %0005 #1\n",
            "0001 arr   KRef =5\n0002 int   ALen %0001 =-1\n0003 int   ALen %0001\n0004 int   KInt =0\n0005 int   KInt =1\n0006 int   KInt =120\n0007 int   KInt =0\n0008 bool  Le %0003 %0002\n0009 void  GuardTrue %0008 #2\n0010 bool  Le %0007 %0004\n0011 void  GuardTrue %0010 #2\n---- LOOP (preheader above)\n0013 int   Phi %0004 %0020\n0014 void  GuardBudget =1 #1\n0015 bool  Le %0013 %0006\n0016 void  GuardTrue %0015 #1\n0017 bool  Lt %0013 %0003\n0018 void  GuardTrue %0017 #1\n0020 int   Add %0013 %0005 #1\n",
        );
        // Nor does `i + -1` grow: left alone.
        let text = "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =-1\n---- LOOP (preheader above)\n0007 int   Phi %0004 %0012\n0008 void  GuardBudget =1 #1\n0009 bool  Lt %0007 %0003\n0010 void  GuardTrue %0009 #1\n0011 void  GuardIndex %0007 %0002 #1\n0012 int   Add %0007 %0005 #1\n";
        check(super::run, text, text);
        // A step the loop computes is not known to be non-negative.
        let text = "0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n---- LOOP (preheader above)\n0008 int   Phi %0004 %0014\n0009 void  GuardBudget =1 #1\n0010 bool  Lt %0008 %0003\n0011 void  GuardTrue %0010 #1\n0012 void  GuardIndex %0008 %0002 #1\n0013 int   Sub %0004 %0008 #1\n0014 int   Add %0008 %0013 #1\n";
        check(super::run, text, text);
    }

    /// Without `hoist`, what comes before the loop is its first iteration: checks after it
    /// would leave with that iteration uncounted, so nothing changes.
    #[test]
    fn without_a_preheader_nothing_changes() {
        let text = "0000 void  GuardBudget =1 #0\n0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP\n0007 int   Phi %0004 %0012\n0008 void  GuardBudget =1 #1\n0009 bool  Lt %0007 %0003\n0010 void  GuardTrue %0009 #1\n0011 void  GuardIndex %0007 %0002 #1\n0012 int   Add %0007 %0005 #1\n";
        check(super::run, text, text);
    }
}
