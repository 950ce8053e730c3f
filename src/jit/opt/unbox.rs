//! Box/unbox elimination.
//!
//! Assumes: `Unbox` guards a boxed value's type; `Box` only materialises a typed value
//! in memory.
//! Guarantees: `Unbox` of a value whose type is already known (a typed value, or the
//! `Box` of one) of the expected type becomes that value, so no tag is checked and no
//! memory is read; stores to slots, globals, cells and array elements take typed values
//! directly (the code generator writes tag and payload), which leaves `Box` unused for
//! `dce` to remove. Values therefore stay unboxed across the whole loop.

use super::Subst;
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let mut subst = Subst::new(trace);
    for i in 0..trace.ins.len() {
        let mut ins = trace.ins[i];
        subst.apply(&mut ins);
        // Look through a `Box` to the typed value it holds.
        let unboxed = |r: IrRef| {
            let def = trace.get(r);
            if def.op == IrOp::Box {
                def.ra()
            } else {
                r
            }
        };
        match ins.op {
            IrOp::Unbox => {
                let source = unboxed(ins.ra());
                if trace.get(source).ty == ins.ty {
                    subst.replace(IrRef(i as u32), source);
                    ins.op = IrOp::Nop;
                }
            }
            IrOp::SStore | IrOp::GStore => ins.b = unboxed(ins.rb()).0,
            IrOp::CStore => ins.b = unboxed(ins.rb()).0,
            IrOp::AStore => ins.c = unboxed(ins.rc()).0,
            _ => {}
        }
        trace.ins[i] = ins;
    }
    subst.finish(trace);
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    #[test]
    fn unbox_of_box_is_the_value_and_stores_take_it_typed() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =1\n0003 int   Add %0001 %0002 #0\n0004 any   Box %0003\n0005 void  SStore [0] %0004\n0006 int   Unbox %0004 #0\n0007 str   Unbox %0004 #0\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 int   KInt =1\n0003 int   Add %0001 %0002 #0\n0004 any   Box %0003\n0005 void  SStore [0] %0003\n0007 str   Unbox %0004 #0\n",
        );
    }
}
