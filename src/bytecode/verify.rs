//! Bytecode verification: the operand-stack depth at every instruction.
//!
//! The compiler promises that control flow is structured and that the depth of the
//! operand stack at each pc is static. [`each_reachable`] checks that promise in one
//! pass over the code, in pc order, by abstract interpretation over the opcode table's
//! stack effects, and hands each reachable instruction with its depth to its caller (the
//! native tier chooses its stencils in the same pass). It fails if two paths reach a pc
//! with different depths, if an instruction pops more than the stack holds, if the depth
//! exceeds the function's `max_stack`, if a jump leaves the code or lands inside an
//! instruction, or if control falls off the end.
//!
//! One pass suffices because the compiler's control flow is structured: every reachable
//! instruction is reached by falling through or by a *forward* branch before any
//! backward branch targets it (a loop's head is entered from above). Code reachable only
//! through a backward branch is rejected, which no compiler output has (the tests check
//! the pass against a worklist walk of every path over the whole corpus). Later tiers use
//! the depths (the template tier keeps the operand stack in JS locals; trace exits
//! rebuild the stack pointer from them).

use super::{Instr, Op, Proto};

/// No depth known (yet) at a pc.
const UNSEEN: u32 = u32::MAX;

/// Call `f` with every reachable instruction of `proto` and the operand-stack depth
/// before it, in pc order; an error (and no further calls) where the code breaks a
/// rule above.
pub fn each_reachable(proto: &Proto, mut f: impl FnMut(&Instr, u32)) -> Result<(), String> {
    let code = &proto.code;
    // Per pc: the depth it was reached with (by a visited instruction or a forward
    // branch), `UNSEEN` otherwise; one past the end for jumps there.
    let mut seen = vec![UNSEEN; code.len() + 1];
    let mut fall = Some(0u32);
    let mut pc = 0;
    while pc < code.len() {
        let instr = Instr::decode(code, pc).ok_or_else(|| format!("no instruction at pc {pc}"))?;
        let next = instr.next_pc();
        if let Some(inside) = (pc + 1..next.min(code.len())).find(|&p| seen[p] != UNSEEN) {
            return Err(format!("a jump lands at pc {inside}, inside the {} at pc {pc}", instr.op));
        }
        let depth = match (fall, seen[pc]) {
            (Some(a), b) if b != UNSEEN && b != a => return Err(format!("pc {pc} reached with depths {b} and {a}")),
            (Some(a), _) => a,
            (None, UNSEEN) => {
                fall = None;
                pc = next;
                continue;
            }
            (None, b) => b,
        };
        seen[pc] = depth;
        let (after, branch) = effect(proto, &instr, depth)?;
        if let Some((target, taken)) = branch {
            if target >= code.len() {
                return Err(format!("control reaches pc {target} past the end of the code"));
            }
            match seen[target] {
                UNSEEN if target > pc => seen[target] = taken,
                UNSEEN => return Err(format!("the branch at pc {pc} goes back to pc {target}, which nothing before reached")),
                d if d != taken => return Err(format!("pc {target} reached with depths {d} and {taken}")),
                _ => {}
            }
        }
        f(&instr, depth);
        fall = if instr.op.is_terminator() { None } else { Some(after) };
        pc = next;
    }
    if fall.is_some() {
        return Err(format!("control reaches pc {} past the end of the code", code.len()));
    }
    Ok(())
}

/// The depth after `instr`, entered at `depth`, and where it may branch with which depth;
/// an error if it pops more than the stack holds or pushes past `max_stack`.
fn effect(proto: &Proto, instr: &Instr, depth: u32) -> Result<(u32, Option<(usize, u32)>), String> {
    let pc = instr.pc;
    let (pops, pushes) = instr.op.stack_effect(instr.operands());
    if pops > depth {
        return Err(format!("{} at pc {pc} pops {pops} from depth {depth}", instr.op));
    }
    let after = depth - pops + pushes;
    if after > proto.max_stack {
        return Err(format!("depth {after} after pc {pc} exceeds max_stack {}", proto.max_stack));
    }
    // `IterNext` takes its exit branch without pushing the element.
    let branch = instr.branch_target().map(|target| (target, if instr.op == Op::IterNext { depth } else { after }));
    Ok((after, branch))
}

/// The depth before each instruction, indexed by pc (`None` for pcs that are not the
/// start of a reachable instruction).
pub fn stack_depths(proto: &Proto) -> Result<Vec<Option<u32>>, String> {
    let mut depths = vec![None; proto.code.len()];
    each_reachable(proto, |instr, depth| depths[instr.pc] = Some(depth))?;
    Ok(depths)
}


#[cfg(test)]
mod tests {
    use super::*;

    /// The walk the one-pass check replaced: every path from pc 0, queueing branch
    /// targets, for any control flow. The oracle the one-pass check must agree with (in
    /// the test that reads the repository's programs, which a Wasm test cannot).
    #[cfg(not(target_arch = "wasm32"))]
    fn worklist_depths(proto: &Proto) -> Result<Vec<Option<u32>>, String> {
        let code = &proto.code;
        let mut depths: Vec<Option<u32>> = vec![None; code.len()];
        // Walk straight-line code from each start, queueing only branch targets.
        let mut work = vec![(0usize, 0u32)];
        while let Some((mut pc, mut depth)) = work.pop() {
            loop {
                if pc >= code.len() {
                    return Err(format!("control reaches pc {pc} past the end of the code"));
                }
                match depths[pc] {
                    Some(seen) if seen == depth => break,
                    Some(seen) => return Err(format!("pc {pc} reached with depths {seen} and {depth}")),
                    None => depths[pc] = Some(depth),
                }
                let instr = Instr::decode(code, pc).ok_or_else(|| format!("no instruction at pc {pc}"))?;
                let (after, branch) = effect(proto, &instr, depth)?;
                work.extend(branch);
                if instr.op.is_terminator() {
                    break;
                }
                (pc, depth) = (instr.next_pc(), after);
            }
        }
        Ok(depths)
    }

    /// Both walks give the same depths on every function of every corpus, benchmark and
    /// example program.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn one_pass_agrees_with_every_path_on_all_programs() {
        let mut functions = 0;
        for (file, program) in crate::bytecode::repository_programs() {
            for proto in &program.protos {
                assert_eq!(stack_depths(proto), worklist_depths(proto), "{} function {}", file.display(), proto.name);
                functions += 1;
            }
        }
        assert!(functions > 1000, "only {functions} functions");
    }

    fn proto(code: Vec<u8>, max_stack: u32) -> Proto {
        Proto { code, max_stack, ..Proto::default() }
    }

    #[test]
    fn broken_code_is_rejected_with_the_reason() {
        let (jump, pop, null, ret) = (Op::Jump as u8, Op::Pop as u8, Op::Null as u8, Op::Return as u8);
        let cases: [(Vec<u8>, &str); 5] = [
            (vec![pop], "pops 1 from depth 0"),
            (vec![null, null], "exceeds max_stack"),
            (vec![null], "past the end"),
            (vec![jump, 6, 0, 0, 0, null, jump, 5, 0, 0, 0], "goes back to pc 5"),
            (vec![jump, 6, 0, 0, 0, jump, 0, 0, 0, 0], "inside the Jump at pc 5"),
        ];
        for (code, reason) in cases {
            let err = stack_depths(&proto(code.clone(), 1)).unwrap_err();
            assert!(err.contains(reason), "{code:?}: {err}");
        }
        assert_eq!(stack_depths(&proto(vec![null, ret], 1)), Ok(vec![Some(0), Some(1)]));
    }
}
