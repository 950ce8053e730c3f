//! The trace optimizer: one pass per file, run in the order of [`PIPELINE`].
//!
//! | pass | file | what it does |
//! |---|---|---|
//! | `fold` | [`fold`] | constant folding and algebraic simplification |
//! | `fwd` | [`fwd`] | store-to-load forwarding for slots, globals, cells and array elements |
//! | `unbox` | [`unbox`] | box/unbox elimination: values stay unboxed, stores take them typed |
//! | `guard` | [`guard`] | redundant guard elimination: a fact checked once is not re-checked |
//! | `cse` | [`cse`] | common-subexpression elimination of pure instructions |
//! | `peel` | [`peel`] | LuaJIT-style loop peeling: a pre-roll iteration, then the loop body with PHIs; with `cse` and `guard` this hoists invariant code and guards out of the loop |
//! | `hoist` | [`hoist`] | the pre-roll becomes a preheader of invariant work only; every iteration runs in the body (where side traces attach) |
//! | `jstr` | [`jstr`] | strings a loop builds stay JavaScript strings; exits make heap strings of them |
//! | `bce` | [`bce`] | bounds-check elimination for induction-variable indexes |
//! | `range` | [`range`] | range analysis: integer operations that cannot overflow lose their guard (induction variables, speculated small entry values) |
//! | `sink` | [`sink`] | store sinking: slot and global stores leave the loop; exits write them back |
//! | `dce` | [`dce`] | dead-code elimination |
//!
//! Every pass keeps the trace correct on its own, so any of them can be switched off
//! (`--opt=-peel` style) to measure what it is worth. Passes mark removed instructions
//! [`IrOp::Nop`] rather than renumbering, so references stay stable; [`Subst`] redirects
//! uses of replaced instructions, in operands and snapshots alike.

pub mod bce;
pub mod cse;
pub mod dce;
pub mod fold;
pub mod fwd;
pub mod guard;
pub mod hoist;
pub mod jstr;
pub mod peel;
pub mod range;
pub mod sink;
pub mod unbox;

use super::ir::*;

/// Every pass name, in pipeline order.
pub const PASSES: [&str; 12] = ["fold", "fwd", "unbox", "guard", "cse", "peel", "hoist", "jstr", "bce", "range", "sink", "dce"];

/// Which passes run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassSet(u16);

impl Default for PassSet {
    fn default() -> Self {
        PassSet((1 << PASSES.len()) - 1)
    }
}

impl PassSet {
    pub fn none() -> PassSet {
        PassSet(0)
    }

    /// This set without `pass`.
    pub fn without(self, pass: &str) -> PassSet {
        match PASSES.iter().position(|p| *p == pass) {
            Some(i) => PassSet(self.0 & !(1 << i)),
            None => self,
        }
    }

    pub fn has(self, pass: &str) -> bool {
        PASSES.iter().position(|p| *p == pass).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// Parse `-peel,-cse` (switch off) or `fold,dce` (only these); `all` / `none`.
    pub fn parse(spec: &str) -> Result<PassSet, String> {
        let mut set = if spec.split(',').all(|p| p.trim().starts_with('-') || p.trim().is_empty()) { PassSet::default() } else { PassSet::none() };
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (off, name) = match part.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, part),
            };
            match name {
                "all" => set = if off { PassSet::none() } else { PassSet::default() },
                "none" => set = PassSet::none(),
                _ => {
                    let Some(i) = PASSES.iter().position(|p| *p == name) else {
                        return Err(format!("unknown optimization pass `{name}` (passes: {})", PASSES.join(", ")));
                    };
                    if off {
                        set.0 &= !(1 << i);
                    } else {
                        set.0 |= 1 << i;
                    }
                }
            }
        }
        Ok(set)
    }
}

/// The whole pipeline: cleanup, peeling, then cleanup again with the loop-aware passes.
pub fn optimize(trace: &mut Trace, passes: PassSet) {
    optimize_with(trace, passes, |_, _| {});
}

/// [`optimize`], calling `after(pass, trace)` after each pass that ran (for dumps).
pub fn optimize_with(trace: &mut Trace, passes: PassSet, mut after: impl FnMut(&str, &Trace)) {
    let mut step = |name: &str, pass: fn(&mut Trace), trace: &mut Trace| {
        if passes.has(name) {
            pass(trace);
            after(name, trace);
        }
    };
    let cleanup = [
        ("fold", fold::run as fn(&mut Trace)),
        ("fwd", fwd::run),
        ("unbox", unbox::run),
        ("fold", fold::run),
        ("guard", guard::run),
        ("cse", cse::run),
    ];
    for (name, pass) in cleanup {
        step(name, pass, trace);
    }
    if passes.has("peel") {
        step("peel", peel::run, trace);
        for (name, pass) in cleanup {
            step(name, pass, trace);
        }
        if passes.has("hoist") {
            step("hoist", hoist::run, trace);
            for (name, pass) in cleanup {
                step(name, pass, trace);
            }
        }
    }
    step("jstr", jstr::run, trace);
    step("bce", bce::run, trace);
    step("range", range::run, trace);
    step("sink", sink::run, trace);
    step("dce", dce::run, trace);
}

/// Redirection of uses: `map[i]` replaces instruction `i`.
pub struct Subst {
    map: Vec<IrRef>,
}

impl Subst {
    pub fn new(trace: &Trace) -> Subst {
        Subst { map: (0..trace.ins.len() as u32).map(IrRef).collect() }
    }

    /// Resolve `r` through replacements (chains included).
    pub fn get(&self, mut r: IrRef) -> IrRef {
        while let Some(next) = self.map.get(r.index()).copied() {
            if next == r {
                break;
            }
            r = next;
        }
        r
    }

    /// Make every use of `from` a use of `to`.
    pub fn replace(&mut self, from: IrRef, to: IrRef) {
        let to = self.get(to);
        if from != to {
            self.map[from.index()] = to;
        }
    }

    /// Rewrite instruction `i`'s operands.
    pub fn apply(&self, ins: &mut Ins) {
        ins.map_refs(|r| self.get(r));
    }

    /// Rewrite every snapshot (and any operands not yet rewritten).
    pub fn finish(&self, trace: &mut Trace) {
        for ins in &mut trace.ins {
            ins.map_refs(|r| self.get(r));
        }
        for snap in &mut trace.snaps {
            for (_, r) in snap.slots.iter_mut().chain(snap.globals.iter_mut()) {
                *r = self.get(*r);
            }
        }
    }
}

/// Whether instruction `r` is a constant, and its integer value.
pub fn const_int(trace: &Trace, r: IrRef) -> Option<i64> {
    let ins = trace.get(r);
    (ins.op == IrOp::KInt).then_some(ins.imm)
}

/// For PHI `r` whose loop value is `r + c` (or `c + r`) or `r - c`: whether it adds `c`
/// (rather than subtracts it), and `c`.
pub fn step_operand(trace: &Trace, r: IrRef) -> Option<(bool, IrRef)> {
    let phi = trace.get(r);
    if phi.op != IrOp::Phi || phi.b == IrRef::NONE.0 {
        return None;
    }
    let next = trace.get(phi.rb());
    match next.op {
        IrOp::Add if next.ra() == r => Some((true, next.rb())),
        IrOp::Add if next.rb() == r => Some((true, next.ra())),
        IrOp::Sub if next.ra() == r => Some((false, next.rb())),
        _ => None,
    }
}

/// For PHI `r` of an induction variable, whose loop value is `r + c` (or `c + r`) or
/// `r - c` for a constant `c`: whether it adds `c` (rather than subtracts it), and `c`.
pub fn induction_step(trace: &Trace, r: IrRef) -> Option<(bool, i64)> {
    let (up, c) = step_operand(trace, r)?;
    Some((up, const_int(trace, c)?))
}

/// The most a counter changes per iteration (`range::counter`).
pub const COUNTER_STEP: i64 = 1 << 10;

/// The largest integer JS numbers hold exactly (2^53 − 1).
pub const MAX_SAFE: i64 = (1 << 53) - 1;

/// Insert `extra` before instruction `at`, renumbering references (in `extra` too, whose
/// own references must already use the new numbering for instructions at or after `at`:
/// `extra[k]` becomes `at + k`).
pub fn insert_before(trace: &mut Trace, at: usize, extra: Vec<Ins>) {
    let k = extra.len() as u32;
    let shift = |r: IrRef| if r.is_none() || r.index() < at { r } else { IrRef(r.0 + k) };
    remap_refs(trace, shift);
    trace.ins.splice(at..at, extra);
}

/// A reference, in an instruction given to [`insert_many`], to another inserted one
/// (the `k`-th of the list) rather than to an instruction of the trace.
pub fn inserted(k: usize) -> IrRef {
    IrRef(INSERTED + k as u32)
}

const INSERTED: u32 = 1 << 30;

/// Insert each `(at, ins)` of `extra` before instruction `at` (several at one place in
/// their order in `extra`), renumbering every reference. References, in `extra` and in
/// the trace alike, are to the trace's instructions as numbered before, or
/// [`inserted`]`(k)` for the `k`-th of `extra`.
pub fn insert_many(trace: &mut Trace, extra: Vec<(usize, Ins)>) {
    let n = trace.ins.len();
    let mut order: Vec<usize> = (0..extra.len()).collect();
    order.sort_by_key(|&k| extra[k].0);
    let mut new_of_old = vec![0u32; n];
    let mut new_of_extra = vec![0u32; extra.len()];
    let mut ins = Vec::with_capacity(n + extra.len());
    let mut next = order.iter().peekable();
    for (i, old) in trace.ins.iter().enumerate() {
        while let Some(&&k) = next.peek() {
            if extra[k].0 > i {
                break;
            }
            new_of_extra[k] = ins.len() as u32;
            ins.push(extra[k].1);
            next.next();
        }
        new_of_old[i] = ins.len() as u32;
        ins.push(*old);
    }
    for &k in next {
        new_of_extra[k] = ins.len() as u32;
        ins.push(extra[k].1);
    }
    let map = |r: IrRef| match r {
        _ if r.is_none() => r,
        _ if r.0 >= INSERTED => IrRef(new_of_extra[(r.0 - INSERTED) as usize]),
        _ => IrRef(new_of_old[r.index()]),
    };
    trace.ins = ins;
    remap_refs(trace, map);
}

/// Apply `f` to every reference: operands, snapshots and the trace's tables of values.
fn remap_refs(trace: &mut Trace, f: impl Fn(IrRef) -> IrRef) {
    for ins in &mut trace.ins {
        ins.map_refs(&f);
    }
    for snap in &mut trace.snaps {
        for (_, r) in snap.slots.iter_mut().chain(snap.globals.iter_mut()) {
            *r = f(*r);
        }
    }
    for (r, _) in &mut trace.carried {
        *r = f(*r);
    }
    for (r, _, _) in &mut trace.phi_ranges {
        *r = f(*r);
    }
    for r in trace.counters.iter_mut().chain(trace.nonnegative.iter_mut()) {
        *r = f(*r);
    }
    for (p, g, _) in &mut trace.inductions {
        (*p, *g) = (f(*p), f(*g));
    }
    for (x, at, _, _) in &mut trace.facts {
        (*x, *at) = (f(*x), f(*at));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn words(text: &str) -> String {
        text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
    }

    /// Parse `before`, run `pass`, and compare the printed result with `after`
    /// (whitespace-insensitive; snapshot lines compared only if `after` has them).
    pub fn check(pass: fn(&mut Trace), before: &str, after: &str) {
        let mut trace: Trace = before.parse().unwrap_or_else(|e| panic!("bad test IR: {e}"));
        pass(&mut trace);
        let printed = trace.to_string();
        let keep_snaps = after.lines().any(|l| l.trim_start().starts_with('#'));
        let printed: String = printed.lines().filter(|l| keep_snaps || !l.starts_with('#')).collect::<Vec<_>>().join("\n");
        assert_eq!(words(&printed), words(after), "\n--- got\n{printed}\n");
    }

    /// Everything that names instructions is renumbered: operands, snapshots and the
    /// carried list (which `sink` and side traces rely on to find the PHIs).
    #[test]
    fn inserting_renumbers_operands_snapshots_and_carried_values() {
        let mut trace: Trace = "0000 any   GLoad [2]\n0001 int   Unbox %0000 #0\n---- LOOP\n0003 int   Phi %0001 %0001\n#0 pc=1 top=1 calls=0 [] {} g2:%0003\ncarried %0003=g2\n".parse().expect("parses");
        trace.phi_ranges = vec![(IrRef(3), 0, 9)];
        trace.counters = vec![IrRef(3)];
        trace.inductions = vec![(IrRef(3), IrRef(3), 1)];
        trace.facts = vec![(IrRef(3), IrRef(2), 0, 9), (IrRef(1), IrRef(1), 0, 9)];
        insert_before(&mut trace, 2, vec![Ins { imm: 0, ..Ins::new(IrOp::KInt, Ty::Int) }]);
        // What `range` records of the PHIs follows them (it inserts its speculation checks
        // after recording them); a fact from the loop marker stays with it.
        assert_eq!(
            (trace.phi_ranges.clone(), trace.counters.clone(), trace.inductions.clone()),
            (vec![(IrRef(4), 0, 9)], vec![IrRef(4)], vec![(IrRef(4), IrRef(4), 1)])
        );
        assert_eq!(trace.facts, vec![(IrRef(4), IrRef(3), 0, 9), (IrRef(1), IrRef(1), 0, 9)]);
        assert_eq!(words(&trace.to_string()), words("0000 any GLoad [2]\n0001 int Unbox %0000 #0\n0002 int KInt =0\n---- LOOP\n0004 int Phi %0001 %0001\ncarried %0004=g2\n#0 pc=1 top=1 calls=0 [] {} g2:%0004\n"));
    }

    #[test]
    fn text_form_round_trips() {
        let text = "0000 void  GuardBudget =2 #0\n0001 any   SLoad [3]\n0002 int   Unbox %0001 #0\n---- LOOP\n0004 int   Phi %0002 %0002\n#0 pc=7 top=4 calls=1 [f2@5>19] {3:%0002} g1:%0004\n";
        let trace: Trace = text.parse().expect("parses");
        assert_eq!(words(&trace.to_string()), words(text));
    }

    #[test]
    fn pass_spec_switches_passes_off_and_on() {
        let all = PassSet::default();
        assert!(PASSES.iter().all(|p| all.has(p)));
        let no_peel = PassSet::parse("-peel").expect("valid");
        assert!(!no_peel.has("peel") && no_peel.has("cse"));
        let only = PassSet::parse("fold,dce").expect("valid");
        assert!(only.has("fold") && only.has("dce") && !only.has("cse"));
        assert!(PassSet::parse("-bogus").is_err());
    }
}
