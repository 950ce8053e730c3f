//! Bounds-check elimination for induction-variable indexes.
//!
//! Assumes: a peeled trace with a preheader (`hoist`: `Loop` marker, PHIs), already
//! cleaned by `fold`/`cse`. Without `hoist` the instructions before the loop are its first
//! iteration, and checks placed after it left with that iteration uncounted (its back-edge
//! lost: loop counts one short, a step limit passed — found by a bug hunt with `-hoist`),
//! so the pass then does nothing.
//! Guarantees: in the loop body, `GuardIndex(i, len)` is removed when `i` is an
//! induction variable — a PHI whose next value is `i + c` with constant `c > 0`, so it
//! only grows — `len` is loop-invariant, and an earlier body guard `i < n` holds with `n`
//! loop-invariant. Instead, guards run once before the loop (restoring the loop-head
//! state): `0 <= start` for the PHI's start value and, unless `n` is `len` itself,
//! `n <= len`. Together with `i < n` in each iteration they make every check redundant.
//! Side traces that go round the loop hand such a PHI values of their own: the PHI is
//! listed in `Trace::nonnegative`, and the code generator checks what they hand it.

use super::{induction_step, insert_before};
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    // What this pass records is about this trace's numbering only.
    trace.nonnegative.clear();
    let Some(loop_at) = trace.loop_index() else { return };
    if !trace.preheader {
        return;
    }
    // The checks before the loop restore the loop-head state (below): without the body's
    // loop-head snapshot nothing is removed.
    let Some(body_head) = trace.ins[loop_at + 1..].iter().find(|i| i.op == IrOp::GuardBudget).map(|i| i.snap) else { return };
    let invariant = |r: IrRef| r.index() < loop_at;
    let mut hoist: Vec<(IrRef, IrRef)> = vec![];
    let mut starts: Vec<IrRef> = vec![];
    let mut bounds: Vec<(IrRef, IrRef)> = vec![];
    for i in loop_at + 1..trace.ins.len() {
        let ins = trace.ins[i];
        match ins.op {
            IrOp::GuardTrue => {
                let cond = trace.get(ins.ra());
                if cond.op == IrOp::Lt && invariant(cond.rb()) {
                    bounds.push((cond.ra(), cond.rb()));
                }
            }
            IrOp::GuardIndex if invariant(ins.rb()) && induction_step(trace, ins.ra()).is_some_and(|(up, c)| up && c > 0) => {
                let Some(&(_, n)) = bounds.iter().find(|(idx, _)| *idx == ins.ra()) else { continue };
                trace.ins[i].op = IrOp::Nop;
                // Checked once before the loop: the bound fits the array, and the index
                // starts non-negative (it only grows).
                let start = IrRef(trace.get(ins.ra()).a);
                if n != ins.rb() && !hoist.contains(&(n, ins.rb())) {
                    hoist.push((n, ins.rb()));
                }
                if !starts.contains(&start) {
                    starts.push(start);
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
    let zero = IrRef(loop_at as u32);
    extra.push(Ins { imm: 0, ..Ins::new(IrOp::KInt, Ty::Int) });
    let checks = hoist.into_iter().chain(starts.into_iter().map(|start| (zero, start)));
    for (n, len) in checks {
        let cmp = IrRef((loop_at + extra.len()) as u32);
        extra.push(Ins { a: n.0, b: len.0, ..Ins::new(IrOp::Le, Ty::Bool) });
        extra.push(Ins { a: cmp.0, snap: head_snap, ..Ins::new(IrOp::GuardTrue, Ty::Void) });
    }
    insert_before(trace, loop_at, extra);
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

    /// Without `hoist`, what comes before the loop is its first iteration: checks after it
    /// would leave with that iteration uncounted, so nothing changes.
    #[test]
    fn without_a_preheader_nothing_changes() {
        let text = "0000 void  GuardBudget =1 #0\n0001 arr   KRef =5\n0002 int   ALen %0001\n0003 int   KInt =100\n0004 int   KInt =0\n0005 int   KInt =1\n---- LOOP\n0007 int   Phi %0004 %0012\n0008 void  GuardBudget =1 #1\n0009 bool  Lt %0007 %0003\n0010 void  GuardTrue %0009 #1\n0011 void  GuardIndex %0007 %0002 #1\n0012 int   Add %0007 %0005 #1\n";
        check(super::run, text, text);
    }
}
