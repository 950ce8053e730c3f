//! Dead-code elimination.
//!
//! Assumes: snapshots reference every value an exit needs.
//! Guarantees: an instruction whose result is unused — by live instructions or by the
//! snapshots of live guards — and that has no effect beyond its result is removed:
//! constants, arithmetic (with its exactness guard: an unused result cannot be wrong),
//! loads, `Box`, PHIs, and helper calls that only allocate (`ToStr`, `SIndex`, `JToS`).
//! `StrCat` and `Push` stay even unused: their guards are the `string too large` and
//! `out of memory: no room for an array` errors the interpreter would raise. So does a `Div` or `Mod` that keeps its guard: the guard is the
//! `division by zero` the interpreter raises, and, done in int32, what `range` counted on
//! to narrow its operands to int32 for the rest of the iteration (found in review: an
//! unused `x % 3` took its check along, and `x * 1001` came out rounded past 2^53).
//! Control guards, stores and the loop marker always stay — and so does every
//! `Unbox`: its type guard may be what justified folding a branch to a constant (the
//! truthiness of an integer, the equality of values of different types), so an unused
//! result does not make the guard unnecessary.

use crate::jit::ir::*;

fn removable(ins: &Ins) -> bool {
    let op = ins.op;
    if matches!(op, IrOp::Div | IrOp::Mod) && ins.snap != NO_SNAP {
        return false;
    }
    op.is_pure()
        || matches!(
            op,
            IrOp::SLoad
                | IrOp::GLoad
                | IrOp::ALoad
                | IrOp::CLoad
                | IrOp::HLoad
                | IrOp::Truthy
                | IrOp::Box
                | IrOp::Phi
                | IrOp::ToStr
                | IrOp::SIndex
                | IrOp::JToS
        )
}

pub fn run(trace: &mut Trace) {
    let mut live = vec![false; trace.ins.len()];
    let mut work: Vec<usize> = (0..trace.ins.len()).filter(|&i| !removable(&trace.ins[i])).collect();
    while let Some(i) = work.pop() {
        if std::mem::replace(&mut live[i], true) {
            continue;
        }
        let ins = trace.ins[i];
        let mut uses: Vec<IrRef> = ins.refs().collect();
        if ins.op == IrOp::Phi && ins.b == IrRef::NONE.0 {
            uses.pop();
        }
        if ins.snap != NO_SNAP {
            let snap = &trace.snaps[ins.snap as usize];
            uses.extend(snap.slots.iter().chain(&snap.globals).map(|(_, r)| *r));
        }
        work.extend(uses.into_iter().filter(|r| !r.is_none() && !live[r.index()]).map(IrRef::index));
    }
    for (i, ins) in trace.ins.iter_mut().enumerate() {
        if !live[i] {
            ins.op = IrOp::Nop;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    /// An unused `%` with its guard stays; one without (proved safe) goes.
    #[test]
    fn keeps_an_unused_remainder_that_has_a_guard() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =3\n0003 int   Mod %0001 %0002 #0\n0004 int   Div %0001 %0002\n#0 pc=0 top=0 calls=0 [] {}\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =3\n0003 int   Mod %0001 %0002 #0\n",
        );
    }

    #[test]
    fn removes_unused_values_but_keeps_what_snapshots_need() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =1\n0003 int   Add %0001 %0002 #0\n0004 any   Box %0003\n0005 int   Mul %0001 %0001 #0\n0006 bool  Lt %0001 %0002\n0007 void  GuardTrue %0006 #1\n0008 any   SLoad [1]\n0009 str   Unbox %0008 #0\n#0 pc=0 top=0 calls=0 [] {}\n#1 pc=4 top=1 calls=0 [] {0:%0003}\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =1\n0003 int   Add %0001 %0002 #0\n0006 bool  Lt %0001 %0002\n0007 void  GuardTrue %0006 #1\n0008 any   SLoad [1]\n0009 str   Unbox %0008 #0\n",
        );
    }
}
