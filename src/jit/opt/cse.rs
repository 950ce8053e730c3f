//! Common-subexpression elimination.
//!
//! Assumes: straight-line SSA; pure instructions (flag `PURE`, which includes guarded
//! arithmetic) depend only on their operands.
//! Guarantees: a pure instruction identical to an earlier one (same op, type, operands
//! and immediate) is replaced by it. Across the `Loop` marker this is loop-invariant
//! code motion: after `peel`, a body instruction whose operands are all invariant is
//! identical to its pre-roll twin and merges into it, i.e. leaves the loop.

use std::collections::HashMap;

use super::Subst;
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let mut subst = Subst::new(trace);
    let mut seen: HashMap<(IrOp, Ty, u32, u32, u32, i64), IrRef> = HashMap::new();
    for i in 0..trace.ins.len() {
        let mut ins = trace.ins[i];
        subst.apply(&mut ins);
        trace.ins[i] = ins;
        if !ins.op.is_pure() || ins.op == IrOp::Nop {
            continue;
        }
        let key = (ins.op, ins.ty, ins.a, ins.b, ins.c, ins.imm);
        match seen.get(&key) {
            Some(first) => {
                subst.replace(IrRef(i as u32), *first);
                trace.ins[i].op = IrOp::Nop;
            }
            None => {
                seen.insert(key, IrRef(i as u32));
            }
        }
    }
    subst.finish(trace);
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    #[test]
    fn identical_pure_instructions_merge_even_across_the_loop_marker() {
        check(
            super::run,
            "0000 int   KInt =4\n0001 arr   KRef =3\n0002 int   ALen %0001\n0003 int   KInt =4\n---- LOOP\n0005 int   ALen %0001\n0006 int   Add %0005 %0003 #0\n0007 int   Add %0002 %0000 #0\n",
            "0000 int   KInt =4\n0001 arr   KRef =3\n0002 int   ALen %0001\n---- LOOP\n0006 int   Add %0002 %0000 #0\n",
        );
    }
}
