//! Redundant guard elimination.
//!
//! Assumes: the trace is straight-line, so an earlier instruction dominates a later one;
//! a boxed value's memory is not written between its load and the loads' `Unbox`es that
//! share it (the recorder unboxes eagerly; after `peel`, shared loads are invariant).
//! Guarantees: a guard implied by an earlier one is removed — the same `Unbox` of the
//! same boxed value (a type proved once is not re-checked), the same `GuardTrue`,
//! `GuardFalse`, `GuardRef`, `GuardIndex` or `GuardKind` on the same operands (an array's
//! kind cannot change while a trace runs), and `GuardRef` on a
//! constant handle (or builtin) equal to the expected one.

use std::collections::HashMap;

use super::Subst;
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let mut subst = Subst::new(trace);
    let mut seen: HashMap<(IrOp, Ty, u32, u32, i64), IrRef> = HashMap::new();
    for i in 0..trace.ins.len() {
        let mut ins = trace.ins[i];
        subst.apply(&mut ins);
        trace.ins[i] = ins;
        let this = IrRef(i as u32);
        match ins.op {
            // In a loop that met arrays of both kinds, each access keeps its kind check,
            // for a side trace to take the other kind (`Trace::kinds_in_body`).
            IrOp::GuardKind if trace.kinds_in_body => {}
            IrOp::Unbox | IrOp::GuardTrue | IrOp::GuardFalse | IrOp::GuardRef | IrOp::GuardProto | IrOp::GuardIndex | IrOp::GuardKind => {
                let key = (ins.op, ins.ty, ins.a, ins.b, ins.imm);
                if let Some(first) = seen.get(&key) {
                    subst.replace(this, *first);
                    trace.ins[i].op = IrOp::Nop;
                } else if ins.op == IrOp::GuardRef && matches!(trace.get(ins.ra()).op, IrOp::KRef | IrOp::KBuiltin) && trace.get(ins.ra()).imm == ins.imm {
                    trace.ins[i].op = IrOp::Nop;
                } else {
                    seen.insert(key, this);
                }
            }
            _ => {}
        }
    }
    subst.finish(trace);
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    #[test]
    fn a_type_or_condition_proved_once_is_not_rechecked() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   Unbox %0000 #1\n0003 int   Add %0001 %0002 #1\n0004 bool  Lt %0003 %0001\n0005 void  GuardTrue %0004 #1\n0006 void  GuardTrue %0004 #2\n0007 fn    KRef =9\n0008 void  GuardRef %0007 =9 #2\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0003 int   Add %0001 %0001 #1\n0004 bool  Lt %0003 %0001\n0005 void  GuardTrue %0004 #1\n0007 fn    KRef =9\n",
        );
    }
}
