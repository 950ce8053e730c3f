//! Bytecode verification: the operand-stack depth at every instruction.
//!
//! The compiler promises that control flow is structured and that the depth of the
//! operand stack at each pc is static. [`stack_depths`] checks that promise by abstract
//! interpretation over the opcode table's stack effects: it walks every path, and fails
//! if two paths reach a pc with different depths, if an instruction pops more than the
//! stack holds, if the depth exceeds the function's `max_stack`, or if a jump leaves the
//! code. Later tiers use the depths (the template tier keeps the operand stack in JS
//! locals; trace exits rebuild the stack pointer from them).

use super::{Instr, Op, Proto};

/// The depth before each instruction, indexed by pc (`None` for pcs that are not the
/// start of a reachable instruction).
pub fn stack_depths(proto: &Proto) -> Result<Vec<Option<u32>>, String> {
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
            let (pops, pushes) = instr.op.stack_effect(instr.operands());
            if pops > depth {
                return Err(format!("{} at pc {pc} pops {pops} from depth {depth}", instr.op));
            }
            let after = depth - pops + pushes;
            if after > proto.max_stack {
                return Err(format!("depth {after} after pc {pc} exceeds max_stack {}", proto.max_stack));
            }
            if let Some(i) = instr.op.branch_operand() {
                // `IterNext` takes its exit branch without pushing the element.
                let taken = if instr.op == Op::IterNext { depth } else { after };
                work.push((instr.args[i] as usize, taken));
            }
            if instr.op.is_terminator() {
                break;
            }
            (pc, depth) = (instr.next_pc(), after);
        }
    }
    Ok(depths)
}
