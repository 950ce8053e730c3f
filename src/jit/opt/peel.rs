//! Loop peeling by copy-substitution (LuaJIT's `lj_opt_loop.c` approach).
//!
//! Assumes: the trace is one recorded iteration that ends where it began (the loop
//! header), and nothing has been peeled yet.
//! Guarantees: the trace becomes a *pre-roll* (the recorded iteration, run once), a
//! `Loop` marker, PHIs, and the *body*: a copy of the iteration with every operand
//! substituted. A load of a slot or global that the iteration stores becomes the PHI of
//! (its value after the pre-roll, its value after the previous body iteration); a load
//! of one it never stores is the pre-roll's load (memory does not change); constants are
//! shared. So the body's instructions whose operands are all invariant are now identical
//! to their pre-roll twins, and `cse`/`guard` merge them: invariant code and guards leave
//! the loop. Body snapshots also restore every loop-carried slot from its PHI, so stores
//! can later be sunk out of the loop (`sink`). If a loop-carried value would change type
//! from one iteration to the next, the trace is left unpeeled (still correct: each
//! iteration then reloads from memory).

use std::collections::BTreeMap;

use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    // A trace that calls an inner loop's trace keeps every location in memory across the
    // call, so it stays a plain loop (no loop-carried SSA values to peel).
    if trace.function || trace.loop_index().is_some() || trace.ins.iter().any(|i| i.op == IrOp::CallTrace) {
        return;
    }
    // Adopted locations the trace does not load: loaded after the loop-head budget check
    // (whose snapshot, the loop head with nothing written, their type checks share) and
    // carried like those side traces write.
    let touched = |trace: &Trace, loc: Carried| trace.ins.iter().any(|i| i.loaded() == Some(loc) || i.stored() == Some(loc));
    let mut loads = vec![];
    for (loc, ty) in trace.adopted.clone() {
        if trace.no_entry_phi.contains(&loc) || touched(trace, loc) || trace.ins.first().is_none_or(|i| i.op != IrOp::GuardBudget) {
            continue;
        }
        let load = 1 + loads.len() as u32;
        loads.push(loc.load());
        let small = i64::from(trace.adopted_small.contains(&loc));
        loads.push(Ins { a: load, snap: trace.ins[0].snap, imm: small, ..Ins::new(IrOp::Unbox, ty) });
        if !trace.force_carried.contains(&loc) {
            trace.force_carried.push(loc);
        }
    }
    if !loads.is_empty() {
        super::insert_before(trace, 1, loads);
    }
    let n = trace.ins.len();
    let mut slot_end: BTreeMap<u32, IrRef> = BTreeMap::new();
    let mut global_end: BTreeMap<u32, IrRef> = BTreeMap::new();
    for ins in &trace.ins {
        match ins.op {
            IrOp::SStore => {
                slot_end.insert(ins.a, ins.rb());
            }
            IrOp::GStore => {
                global_end.insert(ins.a, ins.rb());
            }
            _ => {}
        }
    }
    // Locations side traces write: carried from their value as first loaded.
    let first_load = |trace: &Trace, load: IrOp, at: u32| {
        trace.ins.iter().enumerate().find_map(|(i, ins)| {
            let operand = trace.ins.get(ins.a as usize)?;
            (ins.op == IrOp::Unbox && operand.op == load && operand.a == at && (ins.a as usize) < i).then_some(IrRef(i as u32))
        })
    };
    for loc in trace.force_carried.clone() {
        match loc {
            Carried::Slot(s) if !slot_end.contains_key(&s) => {
                if let Some(v) = first_load(trace, IrOp::SLoad, s) {
                    slot_end.insert(s, v);
                }
            }
            Carried::Global(g) if !global_end.contains_key(&g) => {
                if let Some(v) = first_load(trace, IrOp::GLoad, g) {
                    global_end.insert(g, v);
                }
            }
            _ => {}
        }
    }
    let saved_snaps = trace.snaps.len();
    trace.ins.push(Ins::new(IrOp::Loop, Ty::Void));
    let phi = |trace: &mut Trace, value: IrRef| {
        let ty = trace.get(value).ty;
        trace.ins.push(Ins { a: value.0, b: IrRef::NONE.0, ..Ins::new(IrOp::Phi, ty) });
        IrRef(trace.ins.len() as u32 - 1)
    };
    // Inserted one by one, not collected: `collect` into a map sorts, and each iterator
    // type instantiates a stable sort of its own (4.5 kB of Wasm each).
    let (mut slot_phis, mut global_phis) = (BTreeMap::new(), BTreeMap::new());
    for (s, v) in &slot_end {
        slot_phis.insert(*s, phi(trace, *v));
    }
    for (g, v) in &global_end {
        global_phis.insert(*g, phi(trace, *v));
    }

    let mut map: Vec<IrRef> = (0..n as u32).map(IrRef).collect();
    let mut snap_map: BTreeMap<u32, u32> = BTreeMap::new();
    // The body's current value of each loop-carried location: its PHI at the top of the
    // iteration, then whatever the body stored last (so a load after a store within the
    // iteration is right even when `fwd` has not run).
    let mut slot_now = slot_phis.clone();
    let mut global_now = global_phis.clone();
    for i in 0..n {
        let ins = trace.ins[i];
        match ins.op {
            IrOp::Nop | IrOp::KInt | IrOp::KBool | IrOp::KNull | IrOp::KRef | IrOp::KBuiltin | IrOp::RootFn => {}
            IrOp::SLoad if slot_now.contains_key(&ins.a) => map[i] = slot_now[&ins.a],
            IrOp::GLoad if global_now.contains_key(&ins.a) => map[i] = global_now[&ins.a],
            IrOp::SLoad | IrOp::GLoad => {}
            _ => {
                let mut copy = ins;
                copy.map_refs(|r| map[r.index()]);
                if ins.snap != NO_SNAP {
                    copy.snap = *snap_map.entry(ins.snap).or_insert_with(|| {
                        let mut snap = trace.snaps[ins.snap as usize].clone();
                        for (_, r) in snap.slots.iter_mut().chain(snap.globals.iter_mut()) {
                            *r = map[r.index()];
                        }
                        // At the head of a body iteration, loop-carried values are the PHIs.
                        for (s, p) in &slot_phis {
                            if !snap.slots.iter().any(|(k, _)| k == s) {
                                snap.slots.push((*s, *p));
                            }
                        }
                        snap.slots.sort_by_key(|(k, _)| *k);
                        for (g, p) in &global_phis {
                            if !snap.globals.iter().any(|(k, _)| k == g) {
                                snap.globals.push((*g, *p));
                            }
                        }
                        trace.snaps.push(snap);
                        trace.snaps.len() as u32 - 1
                    });
                }
                trace.ins.push(copy);
                map[i] = IrRef(trace.ins.len() as u32 - 1);
                match copy.op {
                    IrOp::SStore => {
                        slot_now.insert(copy.a, copy.rb());
                    }
                    IrOp::GStore => {
                        global_now.insert(copy.a, copy.rb());
                    }
                    _ => {}
                }
            }
        }
    }
    trace.carried = slot_phis.iter().map(|(s, p)| (*p, Carried::Slot(*s))).chain(global_phis.iter().map(|(g, p)| (*p, Carried::Global(*g)))).collect();
    // Close the PHIs with the body's end-of-iteration values.
    let ends: Vec<(IrRef, IrRef)> = slot_phis.iter().map(|(s, p)| (*p, slot_now[s])).chain(global_phis.iter().map(|(g, p)| (*p, global_now[g]))).collect();
    for (p, next) in ends {
        let p = &p;
        if trace.get(next).ty != trace.get(*p).ty {
            // Type-unstable loop: give up peeling, keep the plain iteration.
            trace.ins.truncate(n);
            trace.snaps.truncate(saved_snaps);
            trace.carried.clear();
            return;
        }
        trace.ins[p.index()].b = next.0;
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    /// `i = i + 1` with `n` invariant: the body loads `i` through a PHI, reuses the
    /// pre-roll's load of `n`, and its snapshot restores `i` from the PHI.
    #[test]
    fn copies_the_iteration_with_phis_for_loop_carried_slots() {
        check(
            super::run,
            "0000 void  GuardBudget =1 #0\n0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 bool  Lt %0002 %0004\n0006 void  GuardTrue %0005 #0\n0007 int   KInt =1\n0008 int   Add %0002 %0007 #0\n0009 void  SStore [0] %0008\n#0 pc=3 top=2 calls=0 [] {}\n",
            "0000 void  GuardBudget =1 #0\n0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 bool  Lt %0002 %0004\n0006 void  GuardTrue %0005 #0\n0007 int   KInt =1\n0008 int   Add %0002 %0007 #0\n0009 void  SStore [0] %0008\n---- LOOP\n0011 int   Phi %0008 %0017\n0012 void  GuardBudget =1 #1\n0013 int   Unbox %0011 #1\n0014 int   Unbox %0003 #1\n0015 bool  Lt %0013 %0014\n0016 void  GuardTrue %0015 #1\n0017 int   Add %0013 %0007 #1\n0018 void  SStore [0] %0017\ncarried %0011=s0\n#0 pc=3 top=2 calls=0 [] {}\n#1 pc=3 top=2 calls=0 [] {0:%0011}\n",
        );
    }
}
