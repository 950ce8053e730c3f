//! Range analysis: integer operations that cannot overflow lose their guard.
//!
//! Assumes: a peeled trace with a preheader (`hoist`), cleaned by `cse`/`guard`; `Add`,
//! `Sub` and `Mul` carry a guard (a snapshot) that their result stays within
//! ±(2^53 − 1), `Div` and `Mod` one that the divisor is not 0 (and, done in int32, `imm` 0,
//! that both operands are int32 and, for a `Div`, that the divisor is not -1).
//! Guarantees: each integer value gets an interval that holds whenever it is computed,
//! and a guard that the intervals of its operands make impossible to fail is dropped (its
//! instruction keeps no snapshot; the code generator then emits no check). Intervals come
//! from constants, lengths, `Mod` by a constant, interval arithmetic, and *induction
//! variables*: a PHI whose next value is itself plus (minus) a constant `c`, with a body
//! guard `p < n` (`p > n`) earlier in the iteration, lies between its start and the
//! bound's extreme plus `c` (`Trace::phi_ranges`; a side trace that hands the PHI a value
//! outside leaves at the loop head instead). A PHI the loop changes by a small constant
//! (or not at all) with no guard bounding it is a *counter*: a trace runs at most
//! [`MAX_ITERATIONS`] iterations per entry (the code generator clamps its budget), so
//! from a start within ±2^40 (checked once if not proved) it stays far from 2^53, and
//! neither its steps nor a side trace's small steps of it need a guard (`counter`,
//! `Trace::counters`). What holds of a value from a guard on (a PHI's range, `x < n`, an
//! int32 `Div`'s operands being int32) is kept as `Trace::facts`: a side trace starting
//! after that guard knows it. A PHI whose next value lies within an int32 bound ±b
//! whatever it held (a remainder by a constant) is *bounded*: from an entry value within
//! ±b, checked once if a dropped guard rests on it (against ±b even when the entry was
//! seen small), it stays there (`bounded`). A PHI the
//! loop adds a bounded but not constant amount to (`s += x` of an int32 `x`) is an
//! *accumulator*: from a start within ±2^52 (checked once if not proved) it stays a safe
//! integer for as many iterations as its largest step allows, and a trace whose guards
//! rest on that runs no more per entry (`accumulator`, `Trace::max_iterations`). Values entering the loop that the recorder
//! saw small (`Unbox` with `imm` 1, |x| < 2^20) are *speculated* to stay within ±2^26
//! where that removes a guard (so that a product of two of them needs none): the
//! preheader then checks the bound once, leaving at the loop head if it does not hold.

use std::collections::BTreeSet;

use super::{const_int, induction_step, insert_before, COUNTER_STEP, MAX_SAFE};
use crate::jit::ir::*;

/// The bound speculated for small entry values (their products stay below 2^53).
pub const SPECULATED: i64 = 1 << 26;

/// The most iterations a loop trace runs per entry: its budget is clamped to this
/// (`js.rs`), and it leaves at the loop head when that runs out. Every back-edge counts
/// at least one step, so the step count bounds the iterations.
pub const MAX_ITERATIONS: i64 = 1 << 40;

/// The bound on a counter's start (`counter`): with [`MAX_ITERATIONS`] steps of
/// [`COUNTER_STEP`] it stays below 2^51.
pub const COUNTER_START: i64 = 1 << 40;

/// The bound on an accumulator's start (`accumulator`): half the safe integers, the
/// other half left for its steps.
pub const ACCUMULATOR_START: i64 = 1 << 52;

/// The fewest iterations per entry an accumulator may limit a trace to: below that, its
/// guards stay (each entry costs about a microsecond).
const MIN_ACCUMULATOR_ITERATIONS: i64 = 1 << 16;

/// An interval of integers, and the entry values speculated to get it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Range {
    lo: i128,
    hi: i128,
    speculated: BTreeSet<u32>,
}

impl Range {
    fn full() -> Range {
        Range::between(-(MAX_SAFE as i128), MAX_SAFE as i128)
    }

    /// `lo..=hi`, resting on no speculation.
    fn between(lo: i128, hi: i128) -> Range {
        Range { lo, hi, speculated: BTreeSet::new() }
    }

    fn exact(v: i64) -> Range {
        Range::between(v as i128, v as i128)
    }

    fn within_safe(&self) -> bool {
        self.lo >= -(MAX_SAFE as i128) && self.hi <= MAX_SAFE as i128
    }

    fn within_int32(&self) -> bool {
        self.lo >= i128::from(i32::MIN) && self.hi <= i128::from(i32::MAX)
    }

    /// Combine two ranges' speculations into a range `lo..=hi`.
    fn of(lo: i128, hi: i128, a: &Range, b: &Range) -> Range {
        Range { lo, hi, speculated: a.speculated.union(&b.speculated).copied().collect() }
    }

    /// The range after the operation's own guard: what it can hold when it continues.
    fn clamped(self) -> Range {
        Range { lo: self.lo.max(-(MAX_SAFE as i128)), hi: self.hi.min(MAX_SAFE as i128), ..self }
    }
}

/// The range of `r` so far (any safe integer when unknown).
fn range_of(range: &[Option<Range>], r: IrRef) -> Range {
    range.get(r.index()).cloned().flatten().unwrap_or_else(Range::full)
}

/// The range of `a op b` for `Add`, `Sub` and `Mul` of values within `a` and `b`
/// (inclusive bounds), for the code generator's side traces.
pub fn bounds_of(op: IrOp, a: (i64, i64), b: (i64, i64)) -> Option<(i64, i64)> {
    let range = |(lo, hi): (i64, i64)| Range::between(i128::from(lo), i128::from(hi));
    let r = arith(op, &range(a), &range(b)).filter(Range::within_safe)?;
    Some((r.lo as i64, r.hi as i64))
}

/// Whether the guard of a `Div` or `Mod` cannot fail for operands within `a` and `b`
/// (inclusive bounds): the divisor is not 0, and, done in int32 (`imm` 0), both operands
/// are int32 and a quotient's divisor is not -1 (-2^31 / -1 leaves int32). Also for the
/// code generator's side traces.
pub fn division_cannot_fail(op: IrOp, imm: i64, a: (i128, i128), b: (i128, i128)) -> bool {
    let int32 = |(lo, hi): (i128, i128)| lo >= i128::from(i32::MIN) && hi <= i128::from(i32::MAX);
    let excludes = |(lo, hi): (i128, i128), v: i128| lo > v || hi < v;
    excludes(b, 0) && (imm != 0 || (int32(a) && int32(b) && (op == IrOp::Mod || excludes(b, -1))))
}

/// The exact range of `a op b` for `Add`, `Sub` and `Mul` (before their guard).
fn arith(op: IrOp, a: &Range, b: &Range) -> Option<Range> {
    match op {
        IrOp::Add => Some(Range::of(a.lo + b.lo, a.hi + b.hi, a, b)),
        IrOp::Sub => Some(Range::of(a.lo - b.hi, a.hi - b.lo, a, b)),
        IrOp::Mul => {
            let p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
            Some(Range::of(*p.iter().min().unwrap_or(&0), *p.iter().max().unwrap_or(&0), a, b))
        }
        _ => None,
    }
}

/// Comparison `op` with its operands swapped (`a < b` is `b > a`).
fn swapped(op: IrOp) -> IrOp {
    match op {
        IrOp::Lt => IrOp::Gt,
        IrOp::Le => IrOp::Ge,
        IrOp::Gt => IrOp::Lt,
        _ => IrOp::Le,
    }
}

/// Comparison `op` negated (`!(a < b)` is `a >= b`).
fn negated(op: IrOp) -> IrOp {
    match op {
        IrOp::Lt => IrOp::Ge,
        IrOp::Le => IrOp::Gt,
        IrOp::Gt => IrOp::Le,
        _ => IrOp::Lt,
    }
}

pub fn run(trace: &mut Trace) {
    // What this pass records is about this trace's numbering only.
    (trace.phi_ranges, trace.facts, trace.inductions, trace.counters) = (vec![], vec![], vec![], vec![]);
    trace.max_iterations = None;
    let Some(loop_at) = trace.loop_index() else { return };
    if !trace.preheader {
        return;
    }
    let n = trace.ins.len();
    let mut range: Vec<Option<Range>> = vec![None; n];
    // 1. The preheader: constants, lengths, speculated entry values.
    //    Its guards narrow what they compare for the rest of the trace (`bce`'s `n <= len`
    //    bounds a loop's `i < n` by an array's length).
    for i in 0..loop_at {
        range[i] = value_range(trace, i, &range, true);
        if let Some((x, narrowed)) = narrow(trace, i, &range) {
            range[x.index()] = Some(narrowed);
        }
    }
    // 2. PHIs: induction variables bounded by a body guard. Side traces may hand them
    //    other values; the code generator checks those against the bounds.
    //    Counters: those must lie within the counters' start bound.
    let mut phi_ranges: Vec<(IrRef, Range)> = vec![];
    let mut inductions: Vec<(IrRef, IrRef, i64)> = vec![];
    let mut counters: Vec<IrRef> = vec![];
    let mut counter_checks: BTreeSet<u32> = BTreeSet::new();
    // The body's values with every PHI unknown: a PHI's next value lies within its range
    // whatever the PHI held (`bounded`).
    let mut free = range.clone();
    for i in loop_at + 1..n {
        if trace.ins[i].op != IrOp::Phi {
            free[i] = value_range(trace, i, &free, false);
        }
    }
    // Bounded PHIs whose range rests on a check of their entry value: (PHI, entry, bound).
    let mut bounded_checks: Vec<(u32, u32, i64)> = vec![];
    // Integer PHIs none of those: perhaps accumulators.
    let mut candidates: Vec<usize> = vec![];
    for i in loop_at + 1..n {
        let ins = trace.ins[i];
        if ins.op != IrOp::Phi || ins.ty != Ty::Int {
            continue;
        }
        let (body, handed) = match induction(trace, i, loop_at, &range) {
            Some((r, guard, step)) => {
                inductions.push((IrRef(i as u32), IrRef(guard as u32), step));
                (Some(r.clone()), Some(r))
            }
            None => match counter(trace, i, &range) {
                Some((body, check)) => {
                    counters.push(IrRef(i as u32));
                    counter_checks.extend(check);
                    (Some(body), Some(Range::between(-i128::from(COUNTER_START), i128::from(COUNTER_START))))
                }
                None => match bounded(trace, i, &range, &free) {
                    Some((r, check)) => {
                        bounded_checks.extend(check.map(|(entry, bound)| (i as u32, entry, bound)));
                        (Some(r.clone()), Some(r))
                    }
                    None => {
                        candidates.push(i);
                        (None, None)
                    }
                },
            },
        };
        if let Some(r) = handed.filter(Range::within_safe) {
            phi_ranges.push((IrRef(i as u32), r));
        }
        range[i] = body;
    }
    // Accumulators, judged once every other PHI's range is known (`s += i` steps by the
    // induction variable `i`, whatever their order): (PHI, entry to check, iterations).
    let mut accumulators: Vec<(u32, Option<u32>, i64)> = vec![];
    if !candidates.is_empty() {
        let mut known = range.clone();
        for i in loop_at + 1..n {
            if trace.ins[i].op != IrOp::Phi {
                known[i] = value_range(trace, i, &known, false);
            }
        }
        for i in candidates {
            if let Some((r, check, iterations)) = accumulator(trace, i, &range, &known) {
                accumulators.push((i as u32, check, iterations));
                let start = i128::from(ACCUMULATOR_START);
                phi_ranges.push((IrRef(i as u32), Range { lo: -start, hi: start, speculated: BTreeSet::from([BOUNDED | i as u32]) }));
                range[i] = Some(r);
            }
        }
    }
    // What holds of a value from an instruction on, for the rest of the iteration: each
    // PHI's range from the loop head, and what guards narrow (for side traces, which start
    // there, `Trace::facts`).
    let mut facts: Vec<(IrRef, IrRef, Range)> =
        (loop_at + 1..n).filter_map(|i| range[i].clone().filter(Range::within_safe).map(|r| (IrRef(i as u32), IrRef(loop_at as u32), r))).collect();
    // 3. The body in order; guards their operands' ranges make impossible go.
    let mut speculate: BTreeSet<u32> = BTreeSet::new();
    for i in loop_at + 1..n {
        let ins = trace.ins[i];
        if ins.op == IrOp::Phi {
            continue;
        }
        if ins.snap != NO_SNAP {
            let (a, b) = (range_of(&range, ins.ra()), range_of(&range, ins.rb()));
            let safe = match ins.op {
                IrOp::Add | IrOp::Sub | IrOp::Mul => arith(ins.op, &a, &b).filter(Range::within_safe).map(|r| r.speculated),
                // Done in int32 (`imm` 0), the operands' ranges count too.
                IrOp::Div | IrOp::Mod if division_cannot_fail(ins.op, ins.imm, (a.lo, a.hi), (b.lo, b.hi)) => {
                    Some(if ins.imm == 0 { a.speculated.union(&b.speculated).copied().collect() } else { b.speculated.clone() })
                }
                _ => None,
            };
            if let Some(needs) = safe {
                trace.ins[i].snap = NO_SNAP;
                speculate.extend(needs);
            }
        }
        range[i] = value_range(trace, i, &range, false);
        // What a guard checks holds from here on: `x < n` bounds `x` for the rest of the
        // iteration (the body is straight-line code).
        if let Some((x, narrowed)) = narrow(trace, i, &range) {
            facts.push((x, IrRef(i as u32), narrowed.clone()));
            range[x.index()] = Some(narrowed);
        }
        // A `Div` or `Mod` done in int32 that keeps its guard leaves unless both operands
        // are int32: from here on they are. (`trace.ins[i]`, not `ins`: the copy taken
        // before its guard may have been dropped above. `dce` keeps such an instruction
        // even unused, for this.)
        if matches!(ins.op, IrOp::Div | IrOp::Mod) && ins.imm == 0 && trace.ins[i].snap != NO_SNAP {
            for x in [ins.ra(), ins.rb()] {
                let r = range_of(&range, x);
                if trace.get(x).op != IrOp::KInt && !r.within_int32() {
                    let narrowed = Range { lo: r.lo.max(i128::from(i32::MIN)), hi: r.hi.min(i128::from(i32::MAX)), ..r };
                    facts.push((x, IrRef(i as u32), narrowed.clone()));
                    range[x.index()] = Some(narrowed);
                }
            }
        }
    }
    // A PHI's range holds if the speculations it rests on are checked; where they are not,
    // nothing rested on it, and side traces need not keep it.
    phi_ranges.retain(|(_, r)| r.speculated.is_subset(&speculate));
    inductions.retain(|(p, _, _)| phi_ranges.iter().any(|(q, _)| q == p));
    trace.phi_ranges = phi_ranges.into_iter().map(|(p, r)| (p, r.lo as i64, r.hi as i64)).collect();
    facts.retain(|(_, _, r)| r.speculated.is_subset(&speculate) && r.within_safe());
    trace.facts = facts.into_iter().map(|(x, at, r)| (x, at, r.lo as i64, r.hi as i64)).collect();
    trace.inductions = inductions;
    trace.counters = counters;
    // Bounded PHIs whose range a dropped guard rested on: their entry values are checked.
    let mut bounded_used: Vec<(u32, i64)> = bounded_checks.iter().filter(|(phi, _, _)| speculate.contains(&(BOUNDED | phi))).map(|&(_, entry, bound)| (entry, bound)).collect();
    // Accumulators a dropped guard rests on: their entry values are checked, and the trace
    // runs no more iterations per entry than the one with the largest steps allows.
    let used: Vec<&(u32, Option<u32>, i64)> = accumulators.iter().filter(|(phi, _, _)| speculate.contains(&(BOUNDED | phi))).collect();
    trace.max_iterations = used.iter().map(|(_, _, iterations)| *iterations).min().filter(|m| *m < MAX_ITERATIONS);
    bounded_used.extend(used.iter().filter_map(|(_, check, _)| check.map(|entry| (entry, ACCUMULATOR_START))));
    speculate.retain(|v| v & BOUNDED == 0);
    if speculate.is_empty() && counter_checks.is_empty() && bounded_used.is_empty() {
        return;
    }
    // 4. The speculated bounds and counters' start bounds, checked once at the end of the
    //    preheader.
    let mut extra = vec![];
    let k = |extra: &Vec<Ins>| IrRef((loop_at + extra.len()) as u32);
    let groups = [(SPECULATED, speculate), (COUNTER_START, counter_checks)].into_iter().chain(bounded_used.into_iter().map(|(entry, bound)| (bound, BTreeSet::from([entry]))));
    for (bound, values) in groups {
        if values.is_empty() {
            continue;
        }
        let (top, bottom) = (k(&extra), IrRef(k(&extra).0 + 1));
        extra.push(Ins { imm: bound, ..Ins::new(IrOp::KInt, Ty::Int) });
        extra.push(Ins { imm: -bound, ..Ins::new(IrOp::KInt, Ty::Int) });
        for v in values {
            let snap = trace.ins[v as usize].snap;
            let le = k(&extra);
            extra.push(Ins { a: v, b: top.0, ..Ins::new(IrOp::Le, Ty::Bool) });
            extra.push(Ins { a: le.0, snap, ..Ins::new(IrOp::GuardTrue, Ty::Void) });
            let ge = k(&extra);
            extra.push(Ins { a: v, b: bottom.0, ..Ins::new(IrOp::Ge, Ty::Bool) });
            extra.push(Ins { a: ge.0, snap, ..Ins::new(IrOp::GuardTrue, Ty::Void) });
        }
    }
    insert_before(trace, loop_at, extra);
}

/// After guard `i` on a comparison of an integer `x` with `n`: `x` and its range as the
/// guard leaves it.
fn narrow(trace: &Trace, i: usize, range: &[Option<Range>]) -> Option<(IrRef, Range)> {
    let ins = trace.ins[i];
    let holds = match ins.op {
        IrOp::GuardTrue => true,
        IrOp::GuardFalse => false,
        _ => return None,
    };
    let cond = trace.get(ins.ra());
    if !matches!(cond.op, IrOp::Lt | IrOp::Le | IrOp::Gt | IrOp::Ge) {
        return None;
    }
    let get = |r: IrRef| range.get(r.index()).cloned().flatten();
    // `x OP n` with `x` the left operand; otherwise the right one, flipped.
    let (x, n, op) = match (get(cond.ra()), get(cond.rb())) {
        (Some(_), _) if trace.get(cond.ra()).op != IrOp::KInt => (cond.ra(), cond.rb(), cond.op),
        (_, Some(_)) => (cond.rb(), cond.ra(), swapped(cond.op)),
        _ => return None,
    };
    let op = if holds { op } else { negated(op) };
    let (mut r, n) = (get(x)?, get(n).unwrap_or_else(Range::full));
    let speculated: BTreeSet<u32> = r.speculated.union(&n.speculated).copied().collect();
    match op {
        IrOp::Lt => r.hi = r.hi.min(n.hi - 1),
        IrOp::Le => r.hi = r.hi.min(n.hi),
        IrOp::Gt => r.lo = r.lo.max(n.lo + 1),
        _ => r.lo = r.lo.max(n.lo),
    }
    r.speculated = speculated;
    Some((x, r))
}

/// Whether `load` may be an element of a packed integer array (whose `Unbox` is a read
/// of a double, with no int32 check: js.rs).
fn may_be_packed(load: &Ins) -> bool {
    load.op == IrOp::ALoad && (load.imm == crate::vm::array::kind::INTS as i64 || load.imm == ELEMS_VALUES_OR_INTS)
}

/// The range of instruction `i`'s value from its operands' (`None` for non-integers).
/// `entry`: `i` is in the preheader, where a small recorded `Unbox` may be speculated.
fn value_range(trace: &Trace, i: usize, range: &[Option<Range>], entry: bool) -> Option<Range> {
    let ins = trace.ins[i];
    if ins.ty != Ty::Int {
        return None;
    }
    let get = |r: IrRef| range_of(range, r);
    Some(match ins.op {
        IrOp::KInt => Range::exact(ins.imm),
        // Arrays and strings are far shorter than 2^31 elements.
        IrOp::ALen | IrOp::SLen => Range::between(0, i32::MAX as i128),
        IrOp::Unbox if entry && ins.imm == 1 => {
            Range { lo: -(SPECULATED as i128), hi: SPECULATED as i128, speculated: BTreeSet::from([i as u32]) }
        }
        // In the body, one seen small is read as an int32, and leaves when it is not (js.rs)
        // — unless it may be a packed integer, a double read as it is.
        IrOp::Unbox if ins.imm == 1 && trace.get(ins.ra()).ty == Ty::Any && !may_be_packed(trace.get(ins.ra())) => {
            Range::between(i32::MIN as i128, i32::MAX as i128)
        }
        IrOp::Add | IrOp::Sub | IrOp::Mul => arith(ins.op, &get(ins.ra()), &get(ins.rb())).map_or_else(Range::full, Range::clamped),
        IrOp::Neg => {
            let a = get(ins.ra());
            Range { lo: -a.hi, hi: -a.lo, speculated: a.speculated }
        }
        // A remainder has the dividend's sign and is smaller than the divisor. Its sign,
        // when known, rests on what the dividend's range rests on.
        IrOp::Mod => match const_int(trace, ins.rb()).filter(|c| *c != 0) {
            Some(c) => {
                let (a, m) = (get(ins.ra()), (c.unsigned_abs() as i128) - 1);
                let speculated = if a.lo >= 0 || a.hi <= 0 { a.speculated.clone() } else { BTreeSet::new() };
                Range { lo: if a.lo >= 0 { 0 } else { -m }, hi: if a.hi <= 0 { 0 } else { m }, speculated }
            }
            None => Range::full(),
        },
        _ => Range::full(),
    })
}

/// The range of PHI `i` if it is an induction variable: its next value is itself plus a
/// constant `c >= 1`, and an earlier body guard checks `p < n` (or `p <= n`); or minus
/// `c`, with `p > n` (`p >= n`). On the trace's own path `p` then goes from its start to
/// at most one step past the bound. Side traces may set it otherwise: the code generator
/// checks what they hand the PHI against `Trace::phi_ranges`.
///
/// Returns the range, the guard and the step (negative for a PHI that counts down).
fn induction(trace: &Trace, i: usize, loop_at: usize, range: &[Option<Range>]) -> Option<(Range, usize, i64)> {
    let phi = trace.ins[i];
    let (up, c) = induction_step(trace, IrRef(i as u32))?;
    if c < 1 {
        return None;
    }
    let me = IrRef(i as u32);
    let invariant = |r: IrRef| r.index() < loop_at;
    // The bound a guard before the step puts on `p` in its iteration, as the extreme
    // value `p` may have there.
    let mut bound: Option<(Range, usize)> = None;
    for (g, ins) in trace.ins.iter().enumerate().take(phi.b as usize).skip(loop_at + 1) {
        let holds = match ins.op {
            IrOp::GuardTrue => true,
            IrOp::GuardFalse => false,
            _ => continue,
        };
        let cond = trace.get(ins.ra());
        let (lhs, rhs) = (cond.ra(), cond.rb());
        // Normalize to `me OP n` holding.
        let (op, n) = match (cond.op, lhs == me, rhs == me) {
            (IrOp::Lt | IrOp::Le | IrOp::Gt | IrOp::Ge, true, false) => (cond.op, rhs),
            (IrOp::Lt | IrOp::Le | IrOp::Gt | IrOp::Ge, false, true) => (swapped(cond.op), lhs),
            _ => continue,
        };
        if !invariant(n) {
            continue;
        }
        let op = if holds { op } else { negated(op) };
        let nr = range_of(range, n);
        let extreme = match (up, op) {
            (true, IrOp::Lt) => nr.hi - 1,
            (true, IrOp::Le) => nr.hi,
            (false, IrOp::Gt) => nr.lo + 1,
            (false, IrOp::Ge) => nr.lo,
            _ => continue,
        };
        bound = Some((Range { lo: extreme, hi: extreme, speculated: nr.speculated }, g));
        break;
    }
    let (bound, guard) = bound?;
    let start = range_of(range, phi.ra());
    let speculated = start.speculated.union(&bound.speculated).copied().collect();
    let step = if up { c } else { -c };
    let c = c as i128;
    Some((
        if up {
            // From the start, up to the last value that passed the guard, plus one step.
            Range { lo: start.lo.min(bound.hi), hi: start.hi.max(bound.hi + c), speculated }
        } else {
            Range { lo: start.lo.min(bound.lo - c), hi: start.hi.max(bound.lo), speculated }
        },
        guard,
        step,
    ))
}

/// PHI `i` as a *counter*: the loop's own path changes it by a constant of at most
/// [`COUNTER_STEP`] (`p + c`, `p - c`, or not at all). Its start lies within
/// ±[`COUNTER_START`]: proved, or else checked once in the preheader (the start, returned
/// second; it must be an entry `Unbox` that the recorder saw small, `imm` 1, so that a
/// trace recorded again after the check failed does without it; the check leaves through
/// the `Unbox`'s snapshot). The one invariant all counters share: after `k` iterations
/// each lies within ±(that + `k` steps). Side traces keep it: what they hand a counter is
/// a constant within the start bound, a counter's value plus or minus at most a step (a
/// constant, or a value the side trace bounds, `i % 7`), or checked against the start
/// bound (`Trace::phi_ranges`). A trace runs at
/// most [`MAX_ITERATIONS`] + 1 iterations per entry, so a counter's range (returned
/// first) is far inside 2^53, even one step further.
fn counter(trace: &Trace, i: usize, range: &[Option<Range>]) -> Option<(Range, Option<u32>)> {
    let phi = trace.ins[i];
    let c = if phi.b == i as u32 { 0 } else { induction_step(trace, IrRef(i as u32)).map(|(_, c)| c)? };
    if c.abs() > COUNTER_STEP {
        return None;
    }
    let limit = i128::from(COUNTER_START);
    let check = start_check(trace, phi, range, limit)?;
    let reach = limit + i128::from(COUNTER_STEP) * (i128::from(MAX_ITERATIONS) + 1);
    Some((Range::between(-reach, reach), check))
}

/// The check a counter's or an accumulator's start needs to lie within ±`limit`: none
/// (`Some(None)`) when proved without speculation, else its entry `Unbox`'s, which must
/// have been seen small (`imm` 1) — so that a loop recorded with a start past the bound
/// (which would fail the check at every entry) keeps its guards instead — and `None`
/// when there is no such check to make.
fn start_check(trace: &Trace, phi: Ins, range: &[Option<Range>], limit: i128) -> Option<Option<u32>> {
    let start = range_of(range, phi.ra());
    if start.speculated.is_empty() && start.lo >= -limit && start.hi <= limit {
        return Some(None);
    }
    let entry = trace.get(phi.ra());
    (entry.op == IrOp::Unbox && entry.imm == 1 && entry.snap != NO_SNAP).then_some(Some(phi.a))
}

/// Marks, in a range's speculations, a *bounded* PHI's entry check (`BOUNDED | phi`),
/// apart from the entry values speculated small (instruction indices, far below it).
const BOUNDED: u32 = 1 << 31;

/// PHI `i`, neither an induction variable nor a counter, whose next value lies within
/// ±`b` (an int32) whatever the PHI held — `free`, the body's ranges with every PHI
/// unknown, says so (a remainder by a constant: `acc = (acc + x) % m`): from an entry
/// value within ±`b` it stays there. Its range, and the check of its entry value
/// (`(entry, b)`, an `Unbox` loaded at the loop head) when that is not proved. An entry
/// that fails the check leaves at the loop head; the interpreter runs that iteration,
/// after which the value is within ±`b`, and enters again at the back-edge.
fn bounded(trace: &Trace, i: usize, range: &[Option<Range>], free: &[Option<Range>]) -> Option<(Range, Option<(u32, i64)>)> {
    let phi = trace.ins[i];
    let next = free.get(phi.rb().index()).cloned().flatten()?;
    let b = next.lo.abs().max(next.hi.abs());
    if b > i128::from(i32::MAX) {
        return None;
    }
    let entry = range_of(range, phi.ra());
    let mut r = Range { lo: -b, hi: b, speculated: next.speculated.union(&entry.speculated).copied().collect() };
    let within = entry.lo >= -b && entry.hi <= b;
    if within && entry.speculated.is_empty() {
        return Some((r, None));
    }
    let start = trace.get(phi.ra());
    if !(start.op == IrOp::Unbox && start.snap != NO_SNAP) {
        return within.then_some((r, None));
    }
    // The entry value's own speculation, if any, is replaced by the check against ±b:
    // a value the loop keeps within ±b passes it whatever it became outside the trace,
    // where the speculated ±2^26 failed once it grew (`calls`' `acc`, reduced modulo
    // 1,000,000,007, left its first trace at entry 64 times in a row, which was dropped).
    r.speculated = next.speculated.clone();
    r.speculated.insert(BOUNDED | i as u32);
    Some((r, Some((phi.a, b as i64))))
}

/// PHI `i`, none of the above, as an *accumulator*: its next value is itself plus or
/// minus values whose ranges hold whatever it holds (`known`: the body's ranges with the
/// other PHIs' ranges known and every candidate unknown), each partial sum of them within
/// ±`d` (`s = s + x - y % 7`). From a start within ±[`ACCUMULATOR_START`] it lies within
/// ±(start bound + `k`·`d`) after `k` iterations; the trace runs at most `m` + 1
/// iterations per entry, `m` = (2^53 − 1 − start bound) / `d` − 2, so that the PHI and
/// every partial sum stay safe integers. Returns its range, the check of its entry value
/// (an `Unbox` seen small, with a snapshot) when that is not proved within the start
/// bound, and `m`.
/// Its range rests on `BOUNDED | i`: the trace is limited to `m` iterations per entry, and
/// the entry checked, only if a dropped guard rests on it. Side traces hand it values
/// within the start bound, checked where not proved (`Trace::phi_ranges`).
fn accumulator(trace: &Trace, i: usize, range: &[Option<Range>], known: &[Option<Range>]) -> Option<(Range, Option<u32>, i64)> {
    let phi = trace.ins[i];
    if phi.b == IrRef::NONE.0 {
        return None;
    }
    let (step, d) = offset(trace, phi.rb(), IrRef(i as u32), known, 8)?;
    let d = d.max(1);
    let limit = i128::from(ACCUMULATOR_START);
    let iterations = ((i128::from(MAX_SAFE) - limit) / d - 2).min(i128::from(MAX_ITERATIONS));
    if iterations < i128::from(MIN_ACCUMULATOR_ITERATIONS) {
        return None;
    }
    let check = start_check(trace, phi, range, limit)?;
    let reach = limit + (iterations + 1) * d;
    let mut speculated = step.speculated;
    speculated.insert(BOUNDED | i as u32);
    Some((Range { lo: -reach, hi: reach, speculated }, check, iterations as i64))
}

/// `x` − `p` when `x` is `p` plus or minus values whose `known` ranges do not rest on `p`
/// (a chain of `Add` and `Sub`, at most `depth` deep), with the largest magnitude of its
/// partial sums along the chain.
fn offset(trace: &Trace, x: IrRef, p: IrRef, known: &[Option<Range>], depth: u32) -> Option<(Range, i128)> {
    if x == p {
        return Some((Range::exact(0), 0));
    }
    let ins = trace.get(x);
    if depth == 0 || ins.ty != Ty::Int || !matches!(ins.op, IrOp::Add | IrOp::Sub) {
        return None;
    }
    let sum = |(chain, largest): (Range, i128), other: IrRef, op: IrOp| {
        let r = arith(op, &chain, &range_of(known, other))?;
        let largest = largest.max(r.lo.abs()).max(r.hi.abs());
        Some((r, largest))
    };
    let left = offset(trace, ins.ra(), p, known, depth - 1);
    match (left, ins.op) {
        (Some(chain), op) => sum(chain, ins.rb(), op),
        (None, IrOp::Add) => sum(offset(trace, ins.rb(), p, known, depth - 1)?, ins.ra(), IrOp::Add),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::jit::opt::tests::check;

    /// `i + 1` after the guard `i < n` cannot overflow (`n` is a safe integer): its guard
    /// goes, without speculation. `i * k` of unknown values keeps its guard.
    #[test]
    fn an_induction_step_bounded_by_the_loop_test_needs_no_guard() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0007 int   Phi %0002 %0012\n0008 bool  Lt %0007 %0004\n0009 void  GuardTrue %0008 #1\n0010 int   Mul %0007 %0004 #1\n0012 int   Add %0007 %0005 #1\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {0:%0007}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1\n---- LOOP (preheader above)\n0007 int   Phi %0002 %0012\n0008 bool  Lt %0007 %0004\n0009 void  GuardTrue %0008 #1\n0010 int   Mul %0007 %0004 #1\n0012 int   Add %0007 %0005\n",
        );
    }

    /// A PHI whose next value is a remainder by 1000 stays within ±999 from an entry value
    /// within it: `acc + 7` and the int32 `Mod` need no guard, once the preheader checks
    /// the entry value. `big`, whose next value is not bounded, keeps its guard; so does
    /// `acc * big`.
    #[test]
    fn a_remainder_accumulator_is_bounded() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1000\n0006 int   KInt =7\n---- LOOP (preheader above)\n0008 int   Phi %0002 %0011\n0009 int   Phi %0004 %0013\n0010 int   Add %0008 %0006 #1\n0011 int   Mod %0010 %0005 #1\n0012 int   Mul %0008 %0009 #1\n0013 int   Add %0009 %0012 #1\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {0:%0008 1:%0009}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1000\n0006 int   KInt =7\n0007 int   KInt =999\n0008 int   KInt =-999\n0009 bool  Le %0002 %0007\n0010 void  GuardTrue %0009 #0\n0011 bool  Ge %0002 %0008\n0012 void  GuardTrue %0011 #0\n---- LOOP (preheader above)\n0014 int   Phi %0002 %0017\n0015 int   Phi %0004 %0019\n0016 int   Add %0014 %0006\n0017 int   Mod %0016 %0005\n0018 int   Mul %0014 %0015 #1\n0019 int   Add %0015 %0018 #1\n",
        );
    }

    /// A remainder accumulator whose entry the recorder saw small is checked against its
    /// own bound, ±1,000,000,006, not the ±2^26 speculated for small values: the value
    /// grows past 2^26 outside the trace, and keeps within the bound.
    #[test]
    fn a_remainder_accumulator_seen_small_is_checked_against_its_own_bound() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0005 int   KInt =1000000007\n0006 int   KInt =7\n---- LOOP (preheader above)\n0008 int   Phi %0002 %0011\n0010 int   Add %0008 %0006 #1\n0011 int   Mod %0010 %0005 #1\n#0 pc=1 top=1 calls=0 [] {}\n#1 pc=1 top=1 calls=0 [] {0:%0008}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0005 int   KInt =1000000007\n0006 int   KInt =7\n0007 int   KInt =1000000006\n0008 int   KInt =-1000000006\n0009 bool  Le %0002 %0007\n0010 void  GuardTrue %0009 #0\n0011 bool  Ge %0002 %0008\n0012 void  GuardTrue %0011 #0\n---- LOOP (preheader above)\n0014 int   Phi %0002 %0017\n0016 int   Add %0014 %0006\n0017 int   Mod %0016 %0005\n",
        );
    }

    /// A counter, `s + 1` with no guard bounding `s`, needs no guard: a trace runs at most
    /// 2^40 iterations per entry, and the preheader checks once that `s` starts within
    /// ±2^40. `t + t` is no counter (nor an accumulator), and keeps its guard.
    #[test]
    fn a_counter_needs_no_guard() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1\n0006 int   KInt =5000\n---- LOOP (preheader above)\n0008 int   Phi %0002 %0012\n0009 int   Phi %0004 %0013\n0012 int   Add %0008 %0005 #1\n0013 int   Add %0009 %0009 #1\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {0:%0008 1:%0009}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =1\n0006 int   KInt =5000\n0007 int   KInt =1099511627776\n0008 int   KInt =-1099511627776\n0009 bool  Le %0002 %0007\n0010 void  GuardTrue %0009 #0\n0011 bool  Ge %0002 %0008\n0012 void  GuardTrue %0011 #0\n---- LOOP (preheader above)\n0014 int   Phi %0002 %0018\n0015 int   Phi %0004 %0019\n0018 int   Add %0014 %0005\n0019 int   Add %0015 %0015 #1\n",
        );
    }

    /// Entry values the recorder saw small (`=1`) are speculated to stay within ±2^26
    /// when that removes a guard: `i * k` and `i * k + k` then need none, the preheader
    /// checks both bounds of `i`'s start and of `k` once (`%0009`..`%0018`), and the
    /// accumulator `s + m % 7` keeps its guard (its start was not seen small, so it is not
    /// limited as an accumulator); `m % 7` lies within ±6. The `%` keeps its
    /// guard too: done in int32 (`imm` 0), it leaves when `m` is outside int32, as
    /// `i * k` may be (up to 2^52).
    #[test]
    fn small_entry_values_are_speculated_where_that_removes_a_guard() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 #0\n0008 int   KInt =7\n---- LOOP (preheader above)\n0010 int   Phi %0002 %0017\n0011 int   Phi %0007 %0016\n0012 bool  Lt %0010 %0004\n0013 void  GuardTrue %0012 #1\n0014 int   Mul %0010 %0004 #1\n0015 int   Mod %0014 %0008 #1\n0016 int   Add %0011 %0015 #1\n0017 int   Add %0010 %0005 #1\n#0 pc=1 top=3 calls=0 [] {}\n#1 pc=1 top=3 calls=0 [] {0:%0010 2:%0011}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 #0\n0008 int   KInt =7\n0009 int   KInt =67108864\n0010 int   KInt =-67108864\n0011 bool  Le %0002 %0009\n0012 void  GuardTrue %0011 #0\n0013 bool  Ge %0002 %0010\n0014 void  GuardTrue %0013 #0\n0015 bool  Le %0004 %0009\n0016 void  GuardTrue %0015 #0\n0017 bool  Ge %0004 %0010\n0018 void  GuardTrue %0017 #0\n---- LOOP (preheader above)\n0020 int   Phi %0002 %0027\n0021 int   Phi %0007 %0026\n0022 bool  Lt %0020 %0004\n0023 void  GuardTrue %0022 #1\n0024 int   Mul %0020 %0004\n0025 int   Mod %0024 %0008 #1\n0026 int   Add %0021 %0025 #1\n0027 int   Add %0020 %0005\n",
        );
    }

    /// A quotient done in int32 keeps its guard while its divisor may be -1 (-2^31 / -1
    /// leaves int32): `i / d` with `d` a small entry value (speculated within ±2^26) does;
    /// `i / 7` of the bounded `i` needs none.
    #[test]
    fn a_quotient_keeps_its_guard_while_the_divisor_may_be_minus_one() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 =1 #0\n0008 int   KInt =7\n---- LOOP (preheader above)\n0010 int   Phi %0002 %0016\n0012 bool  Lt %0010 %0004\n0013 void  GuardTrue %0012 #1\n0014 int   Div %0010 %0007 #1\n0015 int   Div %0010 %0008 #1\n0016 int   Add %0010 %0005 #1\n#0 pc=1 top=3 calls=0 [] {}\n#1 pc=1 top=3 calls=0 [] {0:%0010}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 =1 #0\n0008 int   KInt =7\n0009 int   KInt =67108864\n0010 int   KInt =-67108864\n0011 bool  Le %0002 %0009\n0012 void  GuardTrue %0011 #0\n0013 bool  Ge %0002 %0010\n0014 void  GuardTrue %0013 #0\n0015 bool  Le %0004 %0009\n0016 void  GuardTrue %0015 #0\n0017 bool  Ge %0004 %0010\n0018 void  GuardTrue %0017 #0\n---- LOOP (preheader above)\n0020 int   Phi %0002 %0026\n0022 bool  Lt %0020 %0004\n0023 void  GuardTrue %0022 #1\n0024 int   Div %0020 %0007 #1\n0025 int   Div %0020 %0008\n0026 int   Add %0020 %0005\n",
        );
    }

    /// A preheader guard narrows what it compares for the whole trace: after `n <= len`
    /// (an array's length, below 2^31) the loop's `i < n` bounds `i` below 2^31, and
    /// `i * 7919` needs no guard.
    #[test]
    fn a_preheader_guard_narrows_for_the_loop() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 arr   Unbox %0001 #0\n0003 int   ALen %0002\n0004 any   SLoad [1]\n0005 int   Unbox %0004 #0\n0006 bool  Le %0005 %0003\n0007 void  GuardTrue %0006 #0\n0008 int   KInt =0\n0009 int   KInt =7919\n0010 int   KInt =1\n---- LOOP (preheader above)\n0012 int   Phi %0008 %0017\n0013 bool  Lt %0012 %0005\n0014 void  GuardTrue %0013 #1\n0015 int   Mul %0012 %0009 #1\n0017 int   Add %0012 %0010 #1\n#0 pc=1 top=2 calls=0 [] {}\n#1 pc=1 top=2 calls=0 [] {2:%0012}\n",
            "0001 any   SLoad [0]\n0002 arr   Unbox %0001 #0\n0003 int   ALen %0002\n0004 any   SLoad [1]\n0005 int   Unbox %0004 #0\n0006 bool  Le %0005 %0003\n0007 void  GuardTrue %0006 #0\n0008 int   KInt =0\n0009 int   KInt =7919\n0010 int   KInt =1\n---- LOOP (preheader above)\n0012 int   Phi %0008 %0017\n0013 bool  Lt %0012 %0005\n0014 void  GuardTrue %0013 #1\n0015 int   Mul %0012 %0009\n0017 int   Add %0012 %0010\n",
        );
    }

    /// A remainder's sign rests on what its dividend's range rests on: `(k + 2^26) % 7` is
    /// not negative only while `k` stays within its speculated ±2^26, so the `Sub` that
    /// this lets go makes the preheader check `k`.
    #[test]
    fn a_remainders_sign_keeps_its_dividends_speculation() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 int   KInt =67108864\n0004 int   KInt =7\n0005 int   KInt =9007199254740991\n---- LOOP (preheader above)\n0007 int   Add %0002 %0003\n0008 int   Mod %0007 %0004\n0009 int   Sub %0005 %0008 #1\n#0 pc=1 top=1 calls=0 [] {}\n#1 pc=1 top=1 calls=0 [] {}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 int   KInt =67108864\n0004 int   KInt =7\n0005 int   KInt =9007199254740991\n0006 int   KInt =67108864\n0007 int   KInt =-67108864\n0008 bool  Le %0002 %0006\n0009 void  GuardTrue %0008 #0\n0010 bool  Ge %0002 %0007\n0011 void  GuardTrue %0010 #0\n---- LOOP (preheader above)\n0013 int   Add %0002 %0003\n0014 int   Mod %0013 %0004\n0015 int   Sub %0005 %0014\n",
        );
    }

    /// A `%` done in int32 that keeps its guard (`m` is unknown) leaves unless `m` is
    /// int32: after it `m / 2` needs no guard, and the loop's facts say so for side traces.
    #[test]
    fn an_int32_remainder_proves_its_operands_int32_for_the_rest_of_the_iteration() {
        let text = "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 int   KInt =2\n---- LOOP (preheader above)\n0005 int   Phi %0002 %0007\n0006 int   Mod %0005 %0003 #1\n0007 int   Div %0005 %0003 #1\n#0 pc=1 top=1 calls=0 [] {}\n#1 pc=1 top=1 calls=0 [] {0:%0005}\n";
        check(
            super::run,
            text,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 #0\n0003 int   KInt =2\n---- LOOP (preheader above)\n0005 int   Phi %0002 %0007\n0006 int   Mod %0005 %0003 #1\n0007 int   Div %0005 %0003\n",
        );
        let mut trace: crate::jit::ir::Trace = text.parse().expect("parses");
        super::run(&mut trace);
        assert_eq!(trace.facts, vec![(crate::jit::ir::IrRef(5), crate::jit::ir::IrRef(6), i64::from(i32::MIN), i64::from(i32::MAX))]);
    }

    /// A `%` done in int32 loses its guard only when both operands are proven int32: `i % 7`
    /// of an induction variable bounded by a small `n` (speculated within ±2^26) needs no
    /// guard.
    #[test]
    fn a_remainder_of_int32_operands_needs_no_guard() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 #0\n0008 int   KInt =7\n---- LOOP (preheader above)\n0010 int   Phi %0002 %0016\n0011 int   Phi %0007 %0015\n0012 bool  Lt %0010 %0004\n0013 void  GuardTrue %0012 #1\n0014 int   Mod %0010 %0008 #1\n0015 int   Add %0011 %0014 #1\n0016 int   Add %0010 %0005 #1\n#0 pc=1 top=3 calls=0 [] {}\n#1 pc=1 top=3 calls=0 [] {0:%0010 2:%0011}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 =1 #0\n0005 int   KInt =1\n0006 any   SLoad [2]\n0007 int   Unbox %0006 #0\n0008 int   KInt =7\n0009 int   KInt =67108864\n0010 int   KInt =-67108864\n0011 bool  Le %0002 %0009\n0012 void  GuardTrue %0011 #0\n0013 bool  Ge %0002 %0010\n0014 void  GuardTrue %0013 #0\n0015 bool  Le %0004 %0009\n0016 void  GuardTrue %0015 #0\n0017 bool  Ge %0004 %0010\n0018 void  GuardTrue %0017 #0\n---- LOOP (preheader above)\n0020 int   Phi %0002 %0026\n0021 int   Phi %0007 %0025\n0022 bool  Lt %0020 %0004\n0023 void  GuardTrue %0022 #1\n0024 int   Mod %0020 %0008\n0025 int   Add %0021 %0024 #1\n0026 int   Add %0020 %0005\n",
        );
    }

    /// An accumulator, `s + x` of an int32 `x` read in the body, needs no guard: from a
    /// start checked within ±2^52 it stays a safe integer for 2^21 − 3 iterations, which
    /// the trace is limited to per entry (`max-iterations`). `t - x * x` steps by up to
    /// 2^62 and keeps its guards.
    #[test]
    fn an_accumulator_of_int32_steps_limits_the_iterations_per_entry() {
        check(
            super::run,
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n---- LOOP (preheader above)\n0006 int   Phi %0002 %0010\n0007 int   Phi %0004 %0012\n0008 any   SLoad [2]\n0009 int   Unbox %0008 =1 #1\n0010 int   Add %0006 %0009 #1\n0011 int   Mul %0009 %0009 #1\n0012 int   Sub %0007 %0011 #1\n#0 pc=1 top=3 calls=0 [] {}\n#1 pc=1 top=3 calls=0 [] {0:%0006 1:%0007}\n",
            "0001 any   SLoad [0]\n0002 int   Unbox %0001 =1 #0\n0003 any   SLoad [1]\n0004 int   Unbox %0003 #0\n0005 int   KInt =4503599627370496\n0006 int   KInt =-4503599627370496\n0007 bool  Le %0002 %0005\n0008 void  GuardTrue %0007 #0\n0009 bool  Ge %0002 %0006\n0010 void  GuardTrue %0009 #0\n---- LOOP (preheader above)\n0012 int   Phi %0002 %0016\n0013 int   Phi %0004 %0018\n0014 any   SLoad [2]\n0015 int   Unbox %0014 =1 #1\n0016 int   Add %0012 %0015\n0017 int   Mul %0015 %0015 #1\n0018 int   Sub %0013 %0017 #1\nmax-iterations 2097149\n",
        );
    }
}
