//! Structured control flow for template code: a bytecode function's jumps become
//! JavaScript's labelled blocks and loops (`b17: { … break b17; … }`,
//! `l5: for (;;) { … continue l5; … }`), so that V8 sees the program's own loops and
//! joins instead of one dispatch loop around a `switch`.
//!
//! The algorithm is Ramsey's for reducible control flow ("Beyond Relooper", JFP 2022),
//! the one Wasm compilers use for `block`/`loop`/`br`: basic blocks in reverse postorder
//! (RPO), the dominator tree, and then, for each block `x` in the tree, its code is
//! wrapped in one labelled block per *label child* `y` (a child of `x` in the dominator
//! tree that some edge reaches by a jump, or that has several forward predecessors),
//! innermost the lowest in RPO; `y`'s own code follows the block's end, so `break y`
//! goes there. A forward edge to a block that is not a label child is its only way in:
//! that block's code is placed right there (inline). An edge to an earlier block in RPO
//! is a back edge and must go to a dominator, the header of a loop (`continue`): any
//! other such edge makes the graph irreducible, and the function is not compiled
//! (Monkey's compiler emits only structured control flow). A loop header's label
//! children outside its loop are placed after the loop, so the loop statement holds
//! only the loop.
//!
//! Assumes: `instrs` are the function's instructions in pc order, and `depth[pc]` is
//! `Some` for every instruction reachable from pc 0. Guarantees: every block reachable
//! from the entry appears in exactly one [`Item::Code`]; every edge is a [`Edge`] that
//! is valid at its source's place in the items.

use crate::bytecode::Instr;

/// A basic block: instructions `first..end` (indexes into the function's instructions).
#[derive(Clone, Debug)]
pub struct Block {
    pub first: usize,
    pub end: usize,
    /// The successor control falls through to (the next instruction, or a
    /// conditional's not-taken side).
    pub fall: Option<usize>,
    /// The successor of the last instruction's jump operand (taken side).
    pub jump: Option<usize>,
    /// Control falls off the end of the function's code.
    pub off_end: bool,
}

/// One step of the layout, in source order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// Open the labelled block whose end is block `.0`'s code (`b<pc>: {`).
    Block(usize),
    /// Close the innermost labelled block.
    EndBlock,
    /// Open the loop whose header is block `.0` (`l<pc>: for (;;) {`).
    Loop(usize),
    EndLoop,
    /// The code of block `.0`.
    Code(usize),
}

/// How control gets from a block to one of its successors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// `break b<pc>`: the successor's code follows an enclosing block.
    Break(usize),
    /// `continue l<pc>`: a back edge to an enclosing loop's header.
    Continue(usize),
    /// The successor's code comes next.
    Inline,
}

/// The layout of one function's code from one entry.
#[derive(Debug)]
pub struct Layout {
    pub blocks: Vec<Block>,
    pub items: Vec<Item>,
    rpo: Vec<usize>,
    label: Vec<bool>,
}

impl Layout {
    /// How block `from` reaches block `to`.
    pub fn edge(&self, from: usize, to: usize) -> Edge {
        if self.rpo[to] <= self.rpo[from] {
            Edge::Continue(to)
        } else if self.label[to] {
            Edge::Break(to)
        } else {
            Edge::Inline
        }
    }
}

const NONE: usize = usize::MAX;

/// Lay out the instructions reachable from the instruction at index `entry`.
pub fn layout(instrs: &[Instr], entry: usize) -> Result<Layout, String> {
    let index_of = |pc: usize| instrs.binary_search_by_key(&pc, |i| i.pc).ok();
    let code_end = instrs.last().map_or(0, Instr::next_pc);
    // Leaders, over the instructions reachable from the entry.
    let mut reached = vec![false; instrs.len()];
    let mut leader = vec![false; instrs.len()];
    leader[entry] = true;
    let mut work = vec![entry];
    while let Some(i) = work.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        let ins = &instrs[i];
        let mut next = |pc: usize, leads: bool| -> Result<(), String> {
            if pc >= code_end {
                return Ok(());
            }
            let j = index_of(pc).ok_or_else(|| format!("jump into an instruction at {pc}"))?;
            leader[j] |= leads;
            work.push(j);
            Ok(())
        };
        if let Some(t) = ins.branch_target() {
            next(t, true)?;
        }
        if !ins.op.is_terminator() {
            next(ins.next_pc(), ins.branch_target().is_some())?;
        }
    }
    // Blocks.
    let mut block_of = vec![NONE; instrs.len()];
    let mut blocks: Vec<Block> = vec![];
    for i in 0..instrs.len() {
        if !reached[i] {
            continue;
        }
        let continues = i > 0 && reached[i - 1] && !leader[i] && block_of[i - 1] != NONE && {
            let prev = &instrs[i - 1];
            !prev.op.is_terminator() && prev.branch_target().is_none()
        };
        if continues {
            block_of[i] = block_of[i - 1];
            blocks.last_mut().expect("a block").end = i + 1;
        } else {
            block_of[i] = blocks.len();
            blocks.push(Block { first: i, end: i + 1, fall: None, jump: None, off_end: false });
        }
    }
    let block_at = |pc: usize| index_of(pc).map(|i| block_of[i]);
    for b in &mut blocks {
        let last = &instrs[b.end - 1];
        b.jump = last.branch_target().and_then(block_at);
        if !last.op.is_terminator() {
            let next = last.next_pc();
            b.fall = if next >= code_end { None } else { block_at(next) };
            b.off_end = next >= code_end;
        }
    }
    let n = blocks.len();
    let succs = |b: &Block| [b.fall, b.jump].into_iter().flatten();

    // Reverse postorder from the entry block.
    let start = block_of[entry];
    let mut post = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack = vec![(start, 0u8)];
    seen[start] = true;
    while let Some(&mut (b, ref mut k)) = stack.last_mut() {
        let s = [blocks[b].jump, blocks[b].fall];
        if (*k as usize) < s.len() {
            let next = s[*k as usize];
            *k += 1;
            if let Some(c) = next {
                if !seen[c] {
                    seen[c] = true;
                    stack.push((c, 0));
                }
            }
        } else {
            post.push(b);
            stack.pop();
        }
    }
    let order: Vec<usize> = post.into_iter().rev().collect();
    let mut rpo = vec![NONE; n];
    for (k, &b) in order.iter().enumerate() {
        rpo[b] = k;
    }
    let mut preds = vec![vec![]; n];
    for (b, blk) in blocks.iter().enumerate() {
        for s in succs(blk) {
            preds[s].push(b);
        }
    }

    // Dominators (Cooper, Harvey and Kennedy's iteration over RPO).
    let mut idom = vec![NONE; n];
    idom[start] = start;
    let intersect = |idom: &[usize], mut a: usize, mut b: usize| {
        while a != b {
            while rpo[a] > rpo[b] {
                a = idom[a];
            }
            while rpo[b] > rpo[a] {
                b = idom[b];
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().skip(1) {
            let mut new = NONE;
            for &p in &preds[b] {
                if idom[p] != NONE {
                    new = if new == NONE { p } else { intersect(&idom, p, new) };
                }
            }
            if idom[b] != new {
                idom[b] = new;
                changed = true;
            }
        }
    }
    let dominates = |a: usize, mut b: usize| loop {
        if a == b {
            return true;
        }
        if b == start {
            return false;
        }
        b = idom[b];
    };

    // Back edges, label children, loops.
    let mut forward_in = vec![0u32; n];
    let mut label = vec![false; n];
    let mut header = vec![false; n];
    for (b, blk) in blocks.iter().enumerate() {
        for (s, jumped) in [(blk.fall, false), (blk.jump, true)] {
            let Some(s) = s else { continue };
            if rpo[s] <= rpo[b] {
                if !dominates(s, b) {
                    return Err(format!("irreducible control flow at pc {}", instrs[blocks[s].first].pc));
                }
                header[s] = true;
            } else {
                forward_in[s] += 1;
                label[s] |= jumped;
            }
        }
    }
    for b in 0..n {
        label[b] |= forward_in[b] >= 2;
    }
    // Each header's loop: the blocks that reach one of its back edges without it.
    let mut in_loop: Vec<Vec<bool>> = vec![vec![]; n];
    for h in (0..n).filter(|&h| header[h]) {
        let mut member = vec![false; n];
        member[h] = true;
        let mut work: Vec<usize> = preds[h].iter().copied().filter(|&p| rpo[p] >= rpo[h]).collect();
        while let Some(b) = work.pop() {
            if !std::mem::replace(&mut member[b], true) {
                work.extend(preds[b].iter().copied());
            }
        }
        in_loop[h] = member;
    }
    let mut kids = vec![vec![]; n];
    for &b in order.iter().skip(1) {
        if label[b] {
            kids[idom[b]].push(b);
        }
    }

    // The items, without recursion (dominator trees of long functions are deep).
    enum Work {
        Tree(usize),
        Emit(Item),
    }
    let layout_probe = Layout { blocks, items: vec![], rpo, label };
    let mut items = Vec::with_capacity(3 * n);
    let mut work = vec![Work::Tree(start)];
    while let Some(w) = work.pop() {
        let x = match w {
            Work::Emit(item) => {
                items.push(item);
                continue;
            }
            Work::Tree(x) => x,
        };
        let mut ys = std::mem::take(&mut kids[x]);
        ys.sort_unstable_by_key(|&y| std::cmp::Reverse(layout_probe.rpo[y]));
        let (inside, outside): (Vec<usize>, Vec<usize>) = if header[x] { ys.iter().partition(|&&y| in_loop[x][y]) } else { (ys, vec![]) };
        let mut seq: Vec<Work> = vec![];
        seq.extend(outside.iter().map(|&y| Work::Emit(Item::Block(y))));
        if header[x] {
            seq.push(Work::Emit(Item::Loop(x)));
        }
        seq.extend(inside.iter().map(|&y| Work::Emit(Item::Block(y))));
        seq.push(Work::Emit(Item::Code(x)));
        if let Some(f) = layout_probe.blocks[x].fall {
            if layout_probe.edge(x, f) == Edge::Inline {
                seq.push(Work::Tree(f));
            }
        }
        for &y in inside.iter().rev() {
            seq.push(Work::Emit(Item::EndBlock));
            seq.push(Work::Tree(y));
        }
        if header[x] {
            seq.push(Work::Emit(Item::EndLoop));
        }
        for &y in outside.iter().rev() {
            seq.push(Work::Emit(Item::EndBlock));
            seq.push(Work::Tree(y));
        }
        work.extend(seq.into_iter().rev());
    }
    Ok(Layout { items, ..layout_probe })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::{instructions, Op};

    /// The guarantees, checked on every function of every repository program from every
    /// entry (pc 0 and each loop header): each block reached from the entry appears in
    /// exactly one `Code` item; blocks and loops open and close in nesting order; every
    /// edge a block takes is valid where its code stands — a `continue` names an
    /// enclosing loop, a `break` an enclosing block, and an inline successor's code comes
    /// next.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn layouts_place_every_block_once_and_every_edge_is_valid_where_it_is_taken() {
        let mut layouts = 0;
        for (file, program) in crate::bytecode::repository_programs() {
            for proto in &program.protos {
                let instrs: Vec<Instr> = instructions(&proto.code).collect();
                let mut entries = vec![0];
                entries.extend(instrs.iter().filter(|i| i.op == Op::Loop).map(|i| i.args[0] as usize));
                for entry in entries {
                    let Ok(index) = instrs.binary_search_by_key(&entry, |i| i.pc) else { continue };
                    let layout = layout(&instrs, index).unwrap_or_else(|e| panic!("{} {}: {e}", file.display(), proto.name));
                    check(&layout, &format!("{} {} entry {entry}", file.display(), proto.name));
                    layouts += 1;
                }
            }
        }
        assert!(layouts > 1000, "only {layouts} layouts");
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn check(layout: &Layout, what: &str) {
        let mut placed = vec![0; layout.blocks.len()];
        // Open constructs, innermost last: (is a loop, block).
        let mut open: Vec<(bool, usize)> = vec![];
        for (k, item) in layout.items.iter().enumerate() {
            match *item {
                Item::Block(b) => open.push((false, b)),
                Item::Loop(b) => open.push((true, b)),
                Item::EndBlock => assert!(matches!(open.pop(), Some((false, _))), "{what}: unbalanced EndBlock"),
                Item::EndLoop => assert!(matches!(open.pop(), Some((true, _))), "{what}: unbalanced EndLoop"),
                Item::Code(b) => {
                    placed[b] += 1;
                    let blk = &layout.blocks[b];
                    for to in [blk.fall, blk.jump].into_iter().flatten() {
                        match layout.edge(b, to) {
                            Edge::Continue(h) => assert!(open.contains(&(true, h)), "{what}: continue to a loop not open"),
                            Edge::Break(y) => assert!(open.contains(&(false, y)), "{what}: break to a block not open"),
                            // Next, after only the openings of its own blocks and loop.
                            Edge::Inline => {
                                let next = layout.items[k + 1..].iter().find(|i| !matches!(i, Item::Block(_) | Item::Loop(_)));
                                assert_eq!(next, Some(&Item::Code(to)), "{what}: inline successor not next");
                            }
                        }
                    }
                }
            }
        }
        assert!(open.is_empty(), "{what}: constructs left open");
        // Reached blocks are placed once; a block whose code is not placed was unreachable.
        assert!(placed.iter().all(|&n| n <= 1), "{what}: a block placed twice");
        assert!(layout.blocks.iter().enumerate().all(|(b, _)| placed[b] == 1 || layout.rpo[b] == NONE), "{what}: a reachable block not placed");
    }

    /// Two blocks that jump into each other's middle of a cycle (a loop with two entries)
    /// cannot be structured: the layout says so instead of producing wrong code.
    #[test]
    fn irreducible_control_flow_is_refused() {
        let (jif, jump, t, ret) = (Op::JumpIfFalse as u8, Op::Jump as u8, Op::True as u8, Op::Return as u8);
        // 0 True; 1 JumpIfFalse 11; 6 Jump 17; 11 True; 12 Jump 17; 17 True;
        // 18 JumpIfFalse 11; 23 Return: the cycle 11 -> 17 -> 11 is entered at both.
        let code = vec![t, jif, 11, 0, 0, 0, jump, 17, 0, 0, 0, t, jump, 17, 0, 0, 0, t, jif, 11, 0, 0, 0, ret];
        let instrs: Vec<Instr> = instructions(&code).collect();
        let result = layout(&instrs, 0);
        assert!(result.as_ref().is_err_and(|e| e.contains("irreducible")), "{:?}", result.map(|l| l.items));
    }
}
