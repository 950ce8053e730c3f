//! Constant folding and algebraic simplification.
//!
//! Assumes: operands precede their uses (SSA, straight line).
//! Guarantees: integer operations on constants become constants when the result is
//! exact in a JS number (otherwise the instruction and its guard stay, so the trace
//! exits exactly where the interpreter must take over); `x + 0`, `x - 0`, `x * 1`,
//! `1 * x` become `x`; comparisons of constants and `x == x` become booleans; `!!x`
//! becomes `x`; a guard on a constant that holds is removed, and a guard on `!x` tests
//! `x` instead.

use super::{const_int, Subst, MAX_SAFE};
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let mut subst = Subst::new(trace);
    for i in 0..trace.ins.len() {
        let mut ins = trace.ins[i];
        subst.apply(&mut ins);
        trace.ins[i] = ins;
        let this = IrRef(i as u32);
        // Only operands that are references can be constants.
        let [kind_a, kind_b, _] = ins.op.kinds();
        let ka = (kind_a == Kind::Ref).then(|| const_int(trace, ins.ra())).flatten();
        let kb = (kind_b == Kind::Ref).then(|| const_int(trace, ins.rb())).flatten();
        let kbool = |t: &Trace, r: IrRef| (t.get(r).op == IrOp::KBool).then(|| t.get(r).imm != 0);
        let folded_int = match (ins.op, ka, kb) {
            (IrOp::Add, Some(x), Some(y)) => x.checked_add(y),
            (IrOp::Sub, Some(x), Some(y)) => x.checked_sub(y),
            (IrOp::Mul, Some(x), Some(y)) => x.checked_mul(y),
            (IrOp::Div, Some(x), Some(y)) if y != 0 => x.checked_div(y),
            (IrOp::Mod, Some(x), Some(y)) if y != 0 => x.checked_rem(y),
            (IrOp::Neg, Some(x), _) => x.checked_neg(),
            _ => None,
        };
        if let Some(n) = folded_int.filter(|n| n.abs() <= MAX_SAFE) {
            trace.ins[i] = Ins { imm: n, ..Ins::new(IrOp::KInt, Ty::Int) };
            continue;
        }
        let folded_bool = match (ins.op, ka, kb) {
            (IrOp::Lt, Some(x), Some(y)) => Some(x < y),
            (IrOp::Le, Some(x), Some(y)) => Some(x <= y),
            (IrOp::Gt, Some(x), Some(y)) => Some(x > y),
            (IrOp::Ge, Some(x), Some(y)) => Some(x >= y),
            (IrOp::Eq, Some(x), Some(y)) => Some(x == y),
            (IrOp::Ne, Some(x), Some(y)) => Some(x != y),
            (IrOp::Eq, _, _) if ins.a == ins.b => Some(true),
            (IrOp::Ne, _, _) if ins.a == ins.b => Some(false),
            (IrOp::Not, _, _) => kbool(trace, ins.ra()).map(|b| !b),
            _ => None,
        };
        if let Some(b) = folded_bool {
            trace.ins[i] = Ins { imm: b as i64, ..Ins::new(IrOp::KBool, Ty::Bool) };
            continue;
        }
        let identity = match (ins.op, ka, kb) {
            (IrOp::Add | IrOp::Sub, _, Some(0)) | (IrOp::Mul | IrOp::Div, _, Some(1)) => Some(ins.ra()),
            (IrOp::Add, Some(0), _) | (IrOp::Mul, Some(1), _) => Some(ins.rb()),
            (IrOp::Not, _, _) if trace.get(ins.ra()).op == IrOp::Not => Some(trace.get(ins.ra()).ra()),
            _ => None,
        };
        if let Some(x) = identity {
            subst.replace(this, x);
            trace.ins[i].op = IrOp::Nop;
            continue;
        }
        if !matches!(ins.op, IrOp::GuardTrue | IrOp::GuardFalse) {
            continue;
        }
        match (ins.op, kbool(trace, ins.ra())) {
            (IrOp::GuardTrue, Some(true)) | (IrOp::GuardFalse, Some(false)) => trace.ins[i].op = IrOp::Nop,
            (_, None) if trace.get(ins.ra()).op == IrOp::Not => {
                let inner = trace.get(ins.ra()).ra();
                let op = if ins.op == IrOp::GuardTrue { IrOp::GuardFalse } else { IrOp::GuardTrue };
                trace.ins[i] = Ins { op, a: inner.0, ..ins };
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
    fn folds_constants_and_identities() {
        check(
            super::run,
            "0000 int   KInt =2\n0001 int   KInt =3\n0002 int   Add %0000 %0001 #0\n0003 any   SLoad [0]\n0004 int   Unbox %0003 #0\n0005 int   KInt =0\n0006 int   Add %0004 %0005 #0\n0007 bool  Lt %0006 %0002\n0008 void  GuardTrue %0007 #0\n",
            "0000 int   KInt =2\n0001 int   KInt =3\n0002 int   KInt =5\n0003 any   SLoad [0]\n0004 int   Unbox %0003 #0\n0005 int   KInt =0\n0007 bool  Lt %0004 %0002\n0008 void  GuardTrue %0007 #0\n",
        );
    }

    #[test]
    fn keeps_overflowing_constants_and_guards_on_negations() {
        check(
            super::run,
            "0000 int   KInt =9007199254740991\n0001 int   KInt =1\n0002 int   Add %0000 %0001 #0\n0003 bool  KBool =1\n0004 void  GuardTrue %0003 #0\n0005 bool  Not %0003\n0006 any   SLoad [1]\n0007 bool  Unbox %0006 #0\n0008 bool  Not %0007\n0009 void  GuardTrue %0008 #0\n",
            "0000 int   KInt =9007199254740991\n0001 int   KInt =1\n0002 int   Add %0000 %0001 #0\n0003 bool  KBool =1\n0005 bool  KBool =0\n0006 any   SLoad [1]\n0007 bool  Unbox %0006 #0\n0008 bool  Not %0007\n0009 void  GuardFalse %0007 #0\n",
        );
    }
}
