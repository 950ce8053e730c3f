//! Store sinking: slot and global stores leave the loop.
//!
//! Assumes: a peeled trace whose snapshots list every slot and global written since
//! trace entry (the recorder's slot map, plus the PHIs `peel` adds to body snapshots),
//! and `fwd`/`peel` having replaced loads of stored locations. Only locations carried in
//! PHIs, and one iteration's temporaries ([`Trace::temporary`]: slots above the loop
//! head's stack height, locals dead at the head), are sunk (`hoist` drops the PHIs of
//! write-before-read locals, whose stores stay).
//! Guarantees: when no load of a slot (global) follows its first store anywhere in the
//! trace, every store to it is removed: the value lives only in an SSA value (a JS local)
//! and is written to memory by the exit that leaves the trace — which every exit does,
//! from its snapshot. Heap stores (arrays, hashes, cells) are never sunk.

use std::collections::BTreeSet;

use crate::jit::ir::*;

pub fn run(trace: &mut Trace) {
    if trace.loop_index().is_none() {
        return;
    }
    // Only locations carried in PHIs may be sunk: body snapshots restore them from the PHI.
    let carried: Vec<Carried> = trace.carried.iter().filter(|(p, _)| trace.get(*p).op == IrOp::Phi).map(|(_, l)| *l).collect();
    // Locations loaded again after a store to them: their stores stay.
    let mut stored: BTreeSet<Carried> = BTreeSet::new();
    let mut reloaded: BTreeSet<Carried> = BTreeSet::new();
    for ins in &trace.ins {
        if let Some(loc) = ins.stored() {
            stored.insert(loc);
        } else if let Some(loc) = ins.loaded().filter(|l| stored.contains(l)) {
            reloaded.insert(loc);
        }
    }
    // One iteration's temporaries (slots above the loop head's stack height, locals dead
    // at the head): restored by exits from snapshots.
    let sunk: Vec<usize> = (0..trace.ins.len())
        .filter(|&i| trace.ins[i].stored().is_some_and(|l| !reloaded.contains(&l) && (carried.contains(&l) || trace.temporary(l))))
        .collect();
    for i in sunk {
        trace.ins[i].op = IrOp::Nop;
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    /// Slot 0 is carried and never reloaded: sunk. Global 2 is reloaded: kept. Slot 5 is
    /// below the loop head's stack height (6) and not carried: kept. Slot 6 is above it
    /// (a temporary): sunk.
    #[test]
    fn carried_stores_without_later_loads_are_sunk() {
        check(
            |t| {
                t.header_top = 6;
                super::run(t)
            },
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0002 void  SStore [0] %0001\n0003 void  GStore [2] %0001\n---- LOOP\n0005 int   Phi %0001 %0001\n0006 void  SStore [0] %0005\n0007 void  GStore [2] %0005\n0008 any   GLoad [2]\n0009 void  SStore [5] %0005\n0010 void  SStore [6] %0005\ncarried %0005=s0 %0005=g2\n",
            "0000 any   SLoad [0]\n0001 int   Unbox %0000 #0\n0003 void  GStore [2] %0001\n---- LOOP\n0005 int   Phi %0001 %0001\n0007 void  GStore [2] %0005\n0008 any   GLoad [2]\n0009 void  SStore [5] %0005\ncarried %0005=s0 %0005=g2\n",
        );
    }
}
