//! Loop preheader: only invariant work stays before the loop.
//!
//! Assumes: a peeled trace (`peel`), cleaned by `cse`/`guard`, so that every body
//! instruction whose operands are invariant has merged into its pre-roll twin, and the
//! body refers to pre-roll values only through PHIs or as such invariants.
//! Guarantees: the pre-roll stops being a first iteration. What remains before `Loop` is
//! the *preheader*: loads of memory the loop never writes, their type guards, pure
//! computations on them, and guards on those (callee checks, hoisted bounds checks) — all
//! side-effect free, so when one fails nothing has happened yet, and it resumes the
//! interpreter at the loop head with memory as it was. Each PHI starts from its location's
//! value on entry (the pre-roll's first load of it) instead of its value after one
//! iteration, so *every* iteration runs in the body, where side traces are attached: a
//! first iteration that goes the rare way no longer leaves the trace. A location the
//! iteration writes before it reads starts from a load the preheader makes (typed like
//! the PHI; its entry value is what the previous iteration left), so `sink` can take its
//! stores out of the loop; only a boxed one gets no PHI, and its stores stay in the loop.
//! If a PHI's entry type is not the type the loop carries, the pass leaves the trace as
//! it is.

use std::collections::HashSet;

use super::insert_before;

use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    let Some(loop_at) = trace.loop_index() else { return };
    let head_snap = Snapshot {
        pc: trace.snaps.first().map_or(0, |s| s.pc),
        top: trace.snaps.first().map_or(0, |s| s.top),
        ..Snapshot::default()
    };

    // 1. The entry value of each carried location: its first load, if it is read before
    //    it is written.
    let mut entry: Vec<(usize, Option<IrRef>)> = vec![];
    for (k, (phi, loc)) in trace.carried.iter().enumerate() {
        if trace.get(*phi).op != IrOp::Phi {
            continue;
        }
        let (load_op, store_op, at) = match loc {
            Carried::Slot(s) => (IrOp::SLoad, IrOp::SStore, *s),
            Carried::Global(g) => (IrOp::GLoad, IrOp::GStore, *g),
        };
        let mut found = None;
        for (i, ins) in trace.ins[..loop_at].iter().enumerate() {
            if ins.op == store_op && ins.a == at {
                break;
            }
            if ins.op == IrOp::Unbox && trace.ins[ins.a as usize].op == load_op && trace.ins[ins.a as usize].a == at {
                found = Some(IrRef(i as u32));
                break;
            }
        }
        if let Some(e) = found {
            if trace.get(e).ty != trace.get(*phi).ty {
                return; // Type-unstable from entry to loop: keep the pre-roll iteration.
            }
        }
        entry.push((k, found));
    }

    // 2. Which pre-roll instructions belong to the first iteration (variant): stores,
    //    helper calls, heap loads, the budget check, anything after a store to the same
    //    location, and everything computed from those or from the entry loads.
    let entry_loads: HashSet<usize> = entry.iter().filter_map(|(_, e)| *e).flat_map(|e| [e.index(), trace.get(e).a as usize]).collect();
    let carried_slots: HashSet<u32> = trace.carried.iter().filter_map(|(_, l)| if let Carried::Slot(s) = l { Some(*s) } else { None }).collect();
    let carried_globals: HashSet<u32> = trace.carried.iter().filter_map(|(_, l)| if let Carried::Global(g) = l { Some(*g) } else { None }).collect();
    let mut variant = vec![false; loop_at];
    let mut stored_slots: HashSet<u32> = HashSet::new();
    let mut stored_globals: HashSet<u32> = HashSet::new();
    for i in 0..loop_at {
        let ins = trace.ins[i];
        let seeds = match ins.op {
            IrOp::SStore => {
                stored_slots.insert(ins.a);
                true
            }
            IrOp::GStore => {
                stored_globals.insert(ins.a);
                true
            }
            // Any load of a carried location reads the first iteration's value.
            IrOp::SLoad => stored_slots.contains(&ins.a) || carried_slots.contains(&ins.a),
            IrOp::GLoad => stored_globals.contains(&ins.a) || carried_globals.contains(&ins.a),
            IrOp::GuardBudget | IrOp::AStore | IrOp::CStore | IrOp::HStore | IrOp::ALoad | IrOp::CLoad | IrOp::HLoad | IrOp::SIndex | IrOp::StrCat | IrOp::Push | IrOp::ToStr | IrOp::Box | IrOp::Truthy | IrOp::CallTrace => true,
            // Kind checks stay in the body of a loop that met both kinds.
            IrOp::GuardKind => trace.kinds_in_body,
            _ => false,
        };
        let from_variant = ins.refs().any(|r| !r.is_none() && r.index() < loop_at && (variant[r.index()] || entry_loads.contains(&r.index())));
        variant[i] = (seeds || from_variant) && !entry_loads.contains(&i);
    }

    // 3. Nothing after the loop marker may need a variant pre-roll value, except through
    //    a PHI's entry operand (rewritten below) — otherwise keep the trace as it is.
    let phis: HashSet<usize> = trace.carried.iter().map(|(p, _)| p.index()).collect();
    for (i, ins) in trace.ins.iter().enumerate().skip(loop_at + 1) {
        let mut refs: Vec<IrRef> = ins.refs().collect();
        if phis.contains(&i) {
            refs.remove(0);
        }
        if ins.snap != NO_SNAP {
            let snap = &trace.snaps[ins.snap as usize];
            refs.extend(snap.slots.iter().chain(&snap.globals).map(|(_, r)| *r));
        }
        if refs.iter().any(|r| !r.is_none() && r.index() < loop_at && variant[r.index()]) {
            return;
        }
    }

    // 4. Rewrite: PHIs start from entry values. A write-before-read location keeps its
    //    PHI only if it carries a typed value: it then starts from a load added to the
    //    preheader (its entry value is the previous iteration's, as the interpreter ran
    //    at least one before entering at the back-edge), so that its stores can be sunk
    //    too; otherwise the PHI goes (nothing but snapshots may use it: no iteration
    //    reads it before writing) and the stores stay in the loop.
    //    Not a hash lookup's value either: its type is the key's presence this time (null
    //    or not), which the next entry's need not share (`hash_lookup`'s `let v = h[k]`,
    //    a global, failed its entry check ten times a run, and its trace was compiled
    //    again without it).
    let looked_up = |phi: IrRef| {
        let next = trace.get(phi).rb();
        !next.is_none() && {
            let unbox = trace.get(next);
            unbox.op == IrOp::Unbox && trace.get(unbox.ra()).op == IrOp::HLoad
        }
    };
    let loaded: Vec<(IrRef, Carried)> = entry
        .iter()
        .filter(|(k, e)| {
            let (phi, loc) = trace.carried[*k];
            e.is_none() && !trace.temporary(loc) && trace.get(phi).ty != Ty::Any && !trace.no_entry_phi.contains(&loc) && !looked_up(phi)
        })
        .map(|(k, _)| trace.carried[*k])
        .collect();
    let dropped: HashSet<IrRef> = entry.iter().filter(|(_, e)| e.is_none()).map(|(k, _)| trace.carried[*k].0).filter(|p| !loaded.iter().any(|(l, _)| l == p)).collect();
    if trace.ins.iter().enumerate().any(|(i, ins)| !dropped.contains(&IrRef(i as u32)) && ins.refs().any(|r| dropped.contains(&r))) {
        return;
    }
    for (k, e) in &entry {
        let phi = trace.carried[*k].0;
        match e {
            Some(e) => trace.ins[phi.index()].a = e.0,
            None if dropped.contains(&phi) => trace.ins[phi.index()].op = IrOp::Nop,
            None => {}
        }
    }
    trace.carried.retain(|(p, _)| !dropped.contains(p));
    for snap in &mut trace.snaps {
        snap.slots.retain(|(_, r)| !dropped.contains(r));
        snap.globals.retain(|(_, r)| !dropped.contains(r));
    }
    // The first iteration's instructions go; the preheader's guards resume at the loop
    // head, where memory is exactly as on entry.
    trace.snaps.push(head_snap);
    let head = trace.snaps.len() as u32 - 1;
    for (i, is_variant) in variant.iter().enumerate() {
        let ins = &mut trace.ins[i];
        if *is_variant {
            ins.op = IrOp::Nop;
        } else if ins.snap != NO_SNAP {
            ins.snap = head;
        }
    }
    // The entry loads of write-before-read locations, at the end of the preheader.
    let mut extra = vec![];
    for (phi, loc) in &loaded {
        let load = (loop_at + extra.len()) as u32;
        extra.push(loc.load());
        extra.push(Ins { a: load, snap: head, ..Ins::new(IrOp::Unbox, trace.get(*phi).ty) });
    }
    let firsts: Vec<(IrRef, u32)> = loaded.iter().enumerate().map(|(n, (phi, _))| (*phi, (loop_at + 2 * n + 1) as u32)).collect();
    let added = extra.len() as u32;
    trace.entry_loaded = loaded.iter().map(|(_, loc)| *loc).collect();
    insert_before(trace, loop_at, extra);
    for (phi, unbox) in firsts {
        trace.ins[phi.index() + added as usize].a = unbox;
    }
    trace.preheader = true;
}

#[cfg(test)]
mod tests {
    use crate::jit::ir::Trace;
    use crate::jit::opt::tests::check;

    fn peel_then_hoist(trace: &mut Trace) {
        trace.header_top = 3;
        crate::jit::opt::peel::run(trace);
        crate::jit::opt::cse::run(trace);
        super::run(trace);
    }

    /// `k = i; i = i + 1` while `i < n`: slot 1 (`k`) is written before it is read, so its
    /// PHI (`%0015`) starts from a load the preheader adds (`%0011`, `%0012`, resuming at
    /// the loop head, #2) and carries the previous iteration's value, which lets `sink`
    /// remove the store; slot 0 (`i`) starts from its first load, and the pre-roll
    /// iteration is gone.
    #[test]
    fn written_before_read_locations_start_from_a_preheader_load() {
        check(
            peel_then_hoist,
            "0000 void  GuardBudget =1 #0\n0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [2]\n0004 int   Unbox %0003 #0\n0005 bool  Lt %0002 %0004\n0006 void  GuardTrue %0005 #0\n0007 void  SStore [1] %0002\n0008 int   KInt =1\n0009 int   Add %0002 %0008 #0\n0010 void  SStore [0] %0009\n#0 pc=3 top=3 calls=0 [] {}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #2\n0003 any   SLoad [2]\n0004 int   Unbox %0003 #2\n0008 int   KInt =1\n0011 any   SLoad [1]\n0012 int   Unbox %0011 #2\n---- LOOP (preheader above)\n0014 int   Phi %0002 %0022\n0015 int   Phi %0012 %0017\n0016 void  GuardBudget =1 #1\n0017 int   Unbox %0014 #1\n0018 int   Unbox %0003 #1\n0019 bool  Lt %0017 %0018\n0020 void  GuardTrue %0019 #1\n0021 void  SStore [1] %0017\n0022 int   Add %0017 %0008 #1\n0023 void  SStore [0] %0022\ncarried %0014=s0 %0015=s1\n",
        );
    }
}
