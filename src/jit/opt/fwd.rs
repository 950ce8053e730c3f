//! Store-to-load forwarding.
//!
//! Assumes: a straight-line trace (pre-roll, then at most one loop body after `Loop`).
//! Slots, globals and cells are distinct locations: only `SStore`/`GStore`/`CStore`
//! write them. An array element may be written by any `AStore`.
//! Guarantees: a load that follows a store to the same location, with no possibly
//! aliasing store between, is replaced by the stored value (typed or boxed; `unbox`
//! then removes the `Unbox` of a `Box`); a second load of a slot or global with no store
//! between is replaced by the first (and `guard` then merges their `Unbox`es). Knowledge is dropped at the `Loop` marker: a
//! load in the body may run after the body's own store of a previous iteration, which
//! `peel` expresses with PHIs instead. It is dropped at a call of another trace too; a
//! function trace's call of itself drops only what is known of slots (such a call writes
//! nothing else).

use std::collections::HashMap;

use super::Subst;
use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let mut subst = Subst::new(trace);
    let mut slots: HashMap<u32, IrRef> = HashMap::new();
    let mut globals: HashMap<u32, IrRef> = HashMap::new();
    let mut cells: HashMap<IrRef, IrRef> = HashMap::new();
    let mut elems: HashMap<(IrRef, IrRef), IrRef> = HashMap::new();
    for i in 0..trace.ins.len() {
        let mut ins = trace.ins[i];
        subst.apply(&mut ins);
        trace.ins[i] = ins;
        let this = IrRef(i as u32);
        let forwarded = match ins.op {
            // A function trace calling itself: the call has no effects (the recorder
            // refuses them in function traces, and an exit anywhere below abandons the
            // whole call) but on its frame and result, from its callee slot up. What is
            // known of the slots below goes too: a typed function trace reads its
            // arguments from JS values, not from them, so keeping them gained nothing for
            // the package bytes a `retain` cost.
            IrOp::CallSelf if trace.function => {
                slots.clear();
                None
            }
            // A called trace (an inner loop's, or this function's recursively) may change
            // any location.
            IrOp::Loop | IrOp::CallTrace | IrOp::CallSelf => {
                slots.clear();
                globals.clear();
                cells.clear();
                elems.clear();
                None
            }
            IrOp::SStore => {
                slots.insert(ins.a, ins.rb());
                None
            }
            IrOp::GStore => {
                globals.insert(ins.a, ins.rb());
                None
            }
            IrOp::CStore => {
                // Two different cell references may be the same cell.
                cells.clear();
                cells.insert(ins.ra(), ins.rb());
                None
            }
            IrOp::AStore => {
                elems.clear();
                elems.insert((ins.ra(), ins.rb()), ins.rc());
                None
            }
            // A second load of a location with no store since is the first load.
            IrOp::SLoad => Some(*slots.entry(ins.a).or_insert(this)).filter(|r| *r != this),
            IrOp::GLoad => Some(*globals.entry(ins.a).or_insert(this)).filter(|r| *r != this),
            IrOp::CLoad => cells.get(&ins.ra()).copied(),
            IrOp::ALoad => elems.get(&(ins.ra(), ins.rb())).copied(),
            _ => None,
        };
        if let Some(value) = forwarded {
            subst.replace(this, value);
            trace.ins[i].op = IrOp::Nop;
        }
    }
    subst.finish(trace);
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    #[test]
    fn forwards_slot_and_element_stores_within_an_iteration() {
        check(
            super::run,
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 any   Box %0001\n0003 void  SStore [1] %0002\n0004 any   SLoad [1]\n0005 int   Unbox %0004 #0\n0006 arr   KRef =7\n0007 int   APtr %0006\n0008 void  AStore %0007 %0001 %0002\n0009 any   ALoad %0007 %0001\n---- LOOP\n0011 any   SLoad [1]\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 any   Box %0001\n0003 void  SStore [1] %0002\n0005 int   Unbox %0002 #0\n0006 arr   KRef =7\n0007 int   APtr %0006\n0008 void  AStore %0007 %0001 %0002\n---- LOOP\n0011 any   SLoad [1]\n",
        );
    }

    const CALL_SELF: &str = "0000 any   GLoad [1]\n0001 fn    Unbox %0000 #0\n0002 any   SLoad [0]\n0003 void  CallSelf [2]\n0004 any   GLoad [1]\n0005 fn    Unbox %0004 #0\n0006 any   SLoad [0]\n0007 any   SLoad [2]\n";

    #[test]
    fn a_function_traces_call_of_itself_keeps_what_is_known_of_globals() {
        check(
            |t| {
                t.function = true;
                super::run(t)
            },
            CALL_SELF,
            "0000 any   GLoad [1]\n0001 fn    Unbox %0000 #0\n0002 any   SLoad [0]\n0003 void  CallSelf [2]\n0005 fn    Unbox %0000 #0\n0006 any   SLoad [0]\n0007 any   SLoad [2]\n",
        );
    }

    #[test]
    fn a_call_of_self_outside_a_function_trace_forgets_everything() {
        check(super::run, CALL_SELF, CALL_SELF);
    }
}
