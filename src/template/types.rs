//! Known tags: which frame slots hold a value of a known type at each instruction, so
//! that the template compiler can pick a stencil variant without the type tests (an
//! integer `Add` without its slow path, a `JumpIfFalse` of a boolean).
//!
//! A forward dataflow over one function's bytecode, from the entry the code is compiled
//! for. Every slot of the frame (locals, then operand-stack slots by absolute index) and
//! every global the function keeps in JS variables (`compile::promoted_globals`) is either
//! of one known tag or unknown; where paths join, a slot keeps a tag only if every path
//! gives it the same one. Loops iterate to a fixpoint (a slot only ever goes from known to
//! unknown, so this ends).
//!
//! Only facts that hold whenever control *continues* past an instruction count: an
//! instruction that fails hands the frame to the interpreter and the code never resumes
//! after it. So an integer `Add` of two integers gives an integer (the fast path always
//! applies), a comparison gives a boolean, and so does `RangeCheck` leave two integers.
//! What the runtime or a callee writes (an element, a cell's value, a Monkey function's
//! result) is unknown; a builtin's result has the type that builtin returns (`len` an
//! integer, `push` an array). At the entry every slot is unknown.
//!
//! This is not speculation: nothing is checked at run time, so a fact must hold on every
//! path. `tests` checks the rules; `tests/js/stencils.test.mjs` that code compiled with
//! them behaves as the interpreter does where a slot changes type.

use crate::bytecode::{Constant, Instr, Op, Program};
use crate::vm::value::tag;

/// A slot's tag, if known. A builtin whose id is known (pushed by `GetBuiltin`) is
/// `BUILTIN_ID | id`, so that a call of it gives its result's tag (`len` an integer).
pub type Tag = Option<u8>;

/// Marks a known builtin's id in a [`Tag`] (real tags are below 16).
const BUILTIN_ID: u8 = 0x80;

/// The tag of what builtin-or-not `callee` returns when the call continues (a builtin
/// that fails hands over).
fn call_result(callee: Tag) -> Tag {
    use crate::vm::builtins::Builtin;
    let id = callee.filter(|t| t & BUILTIN_ID != 0)? & !BUILTIN_ID;
    match Builtin::from_id(id)? {
        Builtin::Len => Some(tag::INT),
        Builtin::Push | Builtin::Array => Some(tag::ARRAY),
        Builtin::Str | Builtin::Type => Some(tag::STR),
        Builtin::Puts => Some(tag::NULL),
        Builtin::First | Builtin::Last | Builtin::Rest => None,
    }
}

/// For each instruction of `instrs` (by index), the known tags before it, or `None` where
/// it is not reachable from `instrs[entry]`: `nl + max_stack` frame slots, then one entry
/// per global of `promoted` (in its order).
pub fn known_tags(program: &Program, instrs: &[Instr], entry: usize, depth: &[Option<u32>], nl: u32, slots: u32, promoted: &[u32]) -> Vec<Option<Vec<Tag>>> {
    let index_of = |pc: usize| instrs.binary_search_by_key(&pc, |i| i.pc).ok();
    let mut state: Vec<Option<Vec<Tag>>> = vec![None; instrs.len()];
    state[entry] = Some(vec![None; (slots as usize) + promoted.len()]);
    let mut work = vec![entry];
    while let Some(k) = work.pop() {
        let ins = &instrs[k];
        let Some(before) = state[k].clone() else { continue };
        let Some(d) = depth.get(ins.pc).copied().flatten() else { continue };
        let mut after = before.clone();
        transfer(program, ins, nl + d, promoted, &before, &mut after);
        // `JumpIfFalse` pops on both ways; `IterNext` leaves for its exit without pushing,
        // its cursor perhaps advanced by the runtime.
        let mut successors: Vec<(usize, Vec<Tag>)> = vec![];
        if let Some(t) = ins.op.branch_operand().and_then(|o| index_of(ins.args[o] as usize)) {
            let taken = if ins.op == Op::IterNext {
                let mut exit = before.clone();
                exit[ins.args[1] as usize] = None;
                exit
            } else {
                after.clone()
            };
            successors.push((t, taken));
        }
        if !matches!(ins.op, Op::Jump | Op::Loop | Op::Return) && k + 1 < instrs.len() {
            successors.push((k + 1, after));
        }
        for (s, incoming) in successors {
            let changed = match &mut state[s] {
                slot @ None => {
                    *slot = Some(incoming);
                    true
                }
                Some(have) => {
                    let mut changed = false;
                    for (h, n) in have.iter_mut().zip(&incoming) {
                        if h.is_some() && *h != *n {
                            *h = None;
                            changed = true;
                        }
                    }
                    changed
                }
            };
            if changed {
                work.push(s);
            }
        }
    }
    state
}

/// The tags after `ins`, whose operand stack starts at slot `top` (the first free one).
fn transfer(program: &Program, ins: &Instr, top: u32, promoted: &[u32], before: &[Tag], after: &mut [Tag]) {
    let (pops, pushes) = ins.op.stack_effect(ins.operands());
    let at = |slot: u32| before.get(slot as usize).copied().flatten();
    let x = top.wrapping_sub(pops); // the first popped slot, where a result goes
    let first_global = after.len() - promoted.len();
    let global = |g: u32| promoted.iter().position(|&p| p == g).map(|i| first_global + i);
    let (a, b) = (at(x), at(x + 1));
    let ints = a == Some(tag::INT) && b == Some(tag::INT);
    let arg = ins.args[0];
    // The tags of the values pushed, in order (unknown unless set).
    let mut pushed: Vec<Tag> = vec![None; pushes as usize];
    match ins.op {
        Op::Const => {
            pushed[0] = match program.constants.get(arg as usize) {
                Some(Constant::Int(_)) => Some(tag::INT),
                Some(Constant::Str(_)) => Some(tag::STR),
                None => None,
            }
        }
        Op::Null => pushed[0] = Some(tag::NULL),
        Op::True | Op::False | Op::Not | Op::ToBool => pushed[0] = Some(tag::BOOL),
        Op::Eq | Op::NotEq | Op::Lt | Op::Gt | Op::LtEq | Op::GtEq => pushed[0] = Some(tag::BOOL),
        Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod if ints => pushed[0] = Some(tag::INT),
        // Anything but an integer hands over (Neg.js); `RangeCheck` hands over unless both
        // bounds are integers.
        Op::Neg => pushed[0] = Some(tag::INT),
        Op::RangeCheck => pushed.fill(Some(tag::INT)),
        Op::Dup2 => pushed.copy_from_slice(&[a, b, a, b]),
        Op::CheckKey => pushed[0] = a,
        Op::GetBuiltin => pushed[0] = u8::try_from(arg).ok().filter(|id| id & BUILTIN_ID == 0).map(|id| BUILTIN_ID | id),
        Op::Call => pushed[0] = call_result(a),
        Op::Closure => pushed[0] = Some(tag::CLOSURE),
        Op::Array => pushed[0] = Some(tag::ARRAY),
        Op::Hash => pushed[0] = Some(tag::HASH),
        Op::GetLocal => pushed[0] = at(arg),
        Op::GetGlobal => pushed[0] = global(arg).and_then(|g| before[g]),
        _ => {}
    }
    // Slots above the new top hold nothing anyone reads: forget them.
    for s in x..top.max(x + pushes) {
        if let Some(t) = after.get_mut(s as usize) {
            *t = None;
        }
    }
    for (i, t) in pushed.into_iter().enumerate() {
        if let Some(slot) = after.get_mut((x + i as u32) as usize) {
            *slot = t;
        }
    }
    let mut set = |slot: usize, t: Tag| {
        if let Some(s) = after.get_mut(slot) {
            *s = t;
        }
    };
    match ins.op {
        Op::SetLocal => set(arg as usize, at(top - 1)),
        Op::SetGlobal => {
            if let Some(g) = global(arg) {
                set(g, at(top - 1));
            }
        }
        Op::MakeCell => set(arg as usize, Some(tag::CELL)),
        // A cell keeps being a cell; a local that is not one takes the value.
        Op::SetCell if at(arg) == Some(tag::CELL) => {}
        Op::SetCell => set(arg as usize, None),
        Op::IterInit => {
            set(arg as usize, at(top - 1));
            set(ins.args[1] as usize, Some(tag::INT));
        }
        // The cursor comes back from memory when the runtime advanced it.
        Op::IterNext => set(ins.args[1] as usize, None),
        // The locals a closure captures come back from memory as cells.
        Op::Closure => {
            for c in &program.protos[arg as usize].captures {
                if let crate::bytecode::Capture::Local(slot) = c {
                    set(*slot as usize, None);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::instructions;

    /// The known tags of function `f` of `source` at each instruction, as `op:tags` lines
    /// (tags of the slots named by `slots`, `?` unknown, `-` unreachable).
    fn tags_of(source: &str, f: usize, slots: &[u32]) -> Vec<(Op, String)> {
        let program = crate::compiler::tests::compiled(source);
        let proto = &program.protos[f];
        let instrs: Vec<Instr> = instructions(&proto.code).collect();
        let depth = crate::bytecode::verify::stack_depths(proto).unwrap();
        let nl = proto.num_locals as u32;
        let known = known_tags(&program, &instrs, 0, &depth, nl, nl + proto.max_stack, &[]);
        let name = |t: Tag| match t {
            Some(tag::INT) => "int",
            Some(tag::BOOL) => "bool",
            Some(tag::STR) => "str",
            Some(tag::NULL) => "null",
            Some(_) => "other",
            None => "?",
        };
        instrs
            .iter()
            .zip(known)
            .map(|(i, k)| (i.op, k.map_or("-".into(), |k| slots.iter().map(|&s| name(k[s as usize])).collect::<Vec<_>>().join(","))))
            .collect()
    }

    /// An integer counter and sum stay integers round the loop; the comparison gives a
    /// boolean; a parameter is unknown.
    #[test]
    fn integers_stay_known_round_a_loop() {
        let t = tags_of("let f = fn(n) { let s = 0; let i = 0; while (i < n) { s = s + i; i = i + 1; } s }; f(3)", 1, &[0, 1, 2]);
        let adds: Vec<&String> = t.iter().filter(|(op, _)| *op == Op::Add).map(|(_, s)| s).collect();
        assert_eq!(adds, ["?,int,int", "?,int,int"], "{t:?}");
        let jump = t.iter().find(|(op, _)| *op == Op::JumpIfFalse).unwrap();
        assert_eq!(jump.1, "?,int,int");
    }

    /// `len` gives an integer, so the loop test `i < len(a)` compares two integers (stack
    /// slots 4 and 5, above the locals a, g, i, y); a Monkey function's result is unknown.
    #[test]
    fn a_builtin_call_gives_its_result_type() {
        let t = tags_of("let f = fn(a, g) { let i = 0; let y = 0; while (i < len(a)) { y = g(i); i = i + 1; } y }; f([1], fn(x) { x })", 1, &[3, 4, 5]);
        let cmp: Vec<&String> = t.iter().filter(|(op, _)| *op == Op::Lt).map(|(_, s)| s).collect();
        assert_eq!(cmp, ["?,int,int"], "{t:?}");
        let adds: Vec<&String> = t.iter().filter(|(op, _)| *op == Op::Add).map(|(_, s)| s).collect();
        assert_eq!(adds, ["?,int,int"], "{t:?}");
    }

    /// A local that is a string on one path and an integer on the other is unknown where
    /// they join, and so is the sum computed from it there.
    #[test]
    fn a_slot_of_two_types_is_unknown_after_the_join() {
        let t = tags_of("let f = fn(n) { let x = 0; let i = 0; while (i < n) { if (i == 2) { x = \"a\"; } x = x + 1; i = i + 1; } x }; f(3)", 1, &[1, 2]);
        let adds: Vec<&String> = t.iter().filter(|(op, _)| *op == Op::Add).map(|(_, s)| s).collect();
        // `x + 1` with x unknown (it may be "a"), `i + 1` with i known.
        assert_eq!(adds, ["?,int", "?,int"], "{t:?}");
    }
}
