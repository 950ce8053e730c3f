//! Code generation: the second compiler pass, AST → bytecode.
//!
//! Emits one [`Proto`] per function literal plus one for the top level, using the
//! places decided by [`resolve`](super::resolve). Three things are tracked while
//! emitting, each derived from the opcode table rather than restated here:
//!
//! * the **operand-stack depth** after every instruction (from each opcode's declared
//!   stack effect), which gives the function's exact `max_stack` and lets `break` and
//!   `continue` pop what an enclosing expression left on the stack, so the depth at
//!   every pc stays static — the property the template tier relies on;
//! * the **line table**: each instruction maps to the source position that runtime
//!   errors at it report (the operator, the `(` of a call, the `[` of an index);
//! * **hidden locals** ("temps") for loop state: a range's counter and bound, a for-in
//!   loop's collection and cursor, and the top level's result. They are ordinary
//!   locals, so the JIT tiers see loop state exactly as they see user variables.
//!
//! Control flow is structured: every loop is `top: cond; JumpIfFalse exit; body;
//! cont: Loop top; exit:`, with the back-edge always a `Loop` instruction that carries
//! the loop's id.

use std::mem;

use super::resolve::{Place, Resolution, MAIN};
use crate::bytecode::{encode, Constant, Op, Program, Proto};
use crate::syntax::ast::*;
use crate::syntax::{Pos, SourceError};

/// Compile one parsed program into `program`; returns the index of its top-level proto.
pub fn generate(program: &mut Program, res: &Resolution, ast: &crate::syntax::ast::Program) -> Result<u16, Vec<SourceError>> {
    let mut g = Codegen { program, res, errors: vec![], f: FnState::default() };
    let main = g.begin_function(MAIN, "<main>".into(), vec![], Pos::new(1, 1));
    let result = g.alloc_temp();
    for stmt in &ast.stmts {
        match &stmt.kind {
            // A top-level expression statement's value becomes the program's result.
            StmtKind::Expr(e) => {
                g.f.pos = stmt.span.pos;
                g.expr(e);
                g.emit(Op::SetLocal, &[result.into()]);
            }
            _ => g.stmt(stmt),
        }
    }
    g.emit(Op::GetLocal, &[result.into()]);
    g.emit(Op::Return, &[]);
    g.end_function(main);
    if g.errors.is_empty() {
        Ok(main)
    } else {
        SourceError::sort_by_position(&mut g.errors);
        Err(g.errors)
    }
}

#[derive(Default)]
struct LoopCtx {
    /// Stack depth at the loop's statement level.
    depth: u32,
    breaks: Vec<usize>,
    continues: Vec<usize>,
}

#[derive(Default)]
struct FnState {
    key: u32,
    proto: Proto,
    depth: u32,
    named: u16,
    temps: u16,
    max_temps: u16,
    loops: Vec<LoopCtx>,
    pos: Pos,
}

struct Codegen<'a> {
    program: &'a mut Program,
    res: &'a Resolution,
    errors: Vec<SourceError>,
    f: FnState,
}

impl Codegen<'_> {
    // ---------------------------------------------------------------- functions

    /// Start compiling a function; returns its proto index (reserved now so that
    /// nested functions get later indexes).
    fn begin_function(&mut self, key: u32, name: String, params: Vec<String>, pos: Pos) -> u16 {
        let index = match u16::try_from(self.program.protos.len()) {
            Ok(i) => i,
            Err(_) => {
                self.error(pos, "too many functions (limit 65536)");
                0
            }
        };
        self.program.protos.push(Proto::default());
        let scope = self.res.functions.get(&key);
        let named = scope.map_or(0, |s| s.locals.len()).max(params.len());
        let mut proto = Proto { name, params, pos, ..Proto::default() };
        if let Some(scope) = scope {
            proto.captures = scope.captures.clone();
        }
        self.f = FnState { key, proto, named: named as u16, pos, ..FnState::default() };
        index
    }

    fn end_function(&mut self, index: u16) {
        let f = mem::take(&mut self.f);
        let mut proto = f.proto;
        proto.num_locals = f.named.saturating_add(f.max_temps);
        proto.captured = (0..proto.num_locals).map(|slot| self.res.is_cell(f.key, slot)).collect();
        if let Some(p) = self.program.protos.get_mut(index as usize) {
            *p = proto;
        }
    }

    fn function(&mut self, key: u32, params: &[Ident], body: &Block, name: Option<&str>, pos: Pos) {
        let saved = mem::take(&mut self.f);
        let names = params.iter().map(|p| p.name.clone()).collect();
        let index = self.begin_function(key, name.unwrap_or("<anonymous>").to_string(), names, pos);
        for slot in 0..params.len() as u16 {
            if self.res.is_cell(key, slot) {
                self.emit(Op::MakeCell, &[slot.into()]);
            }
        }
        self.value_block(body);
        self.emit(Op::Return, &[]);
        self.end_function(index);
        self.f = saved;
        self.f.pos = pos;
        self.emit(Op::Closure, &[index.into()]);
    }

    // ---------------------------------------------------------------- emission

    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(SourceError::new(pos, message));
    }

    fn here(&self) -> usize {
        self.f.proto.code.len()
    }

    /// Emit one instruction at the current position, tracking depth and lines.
    fn emit(&mut self, op: Op, args: &[u32]) -> usize {
        let pc = self.here();
        let proto = &mut self.f.proto;
        if proto.lines.last().map(|(_, p)| *p) != Some(self.f.pos) {
            proto.lines.push((pc as u32, self.f.pos));
        }
        encode(&mut proto.code, op, args);
        let (pops, pushes) = op.stack_effect(args);
        debug_assert!(self.f.depth >= pops, "stack underflow emitting {op} at depth {}", self.f.depth);
        self.f.depth = self.f.depth.saturating_sub(pops) + pushes;
        proto.max_stack = proto.max_stack.max(self.f.depth);
        pc
    }

    fn emit_at(&mut self, pos: Pos, op: Op, args: &[u32]) -> usize {
        self.f.pos = pos;
        self.emit(op, args)
    }

    /// Emit a forward `Jump` or `JumpIfFalse` whose target is patched later.
    fn emit_jump(&mut self, op: Op) -> usize {
        self.emit(op, &[0])
    }

    /// Point the jump at `site` to `target`.
    fn patch(&mut self, site: usize, target: usize) {
        let Some(op) = self.f.proto.code.get(site).and_then(|b| Op::from_byte(*b)) else { return };
        let Some(operand) = op.branch_operand() else { return };
        let offset = site + 1 + op.operands()[..operand].iter().map(|o| o.size()).sum::<usize>();
        self.f.proto.code[offset..offset + 4].copy_from_slice(&(target as u32).to_le_bytes());
    }

    fn constant(&mut self, pos: Pos, c: Constant) -> u32 {
        match self.program.constant(c) {
            Some(i) => i.into(),
            None => {
                self.error(pos, "too many constants (limit 65536)");
                0
            }
        }
    }

    fn alloc_temp(&mut self) -> u16 {
        let slot = self.f.named + self.f.temps;
        self.f.temps += 1;
        self.f.max_temps = self.f.max_temps.max(self.f.temps);
        slot
    }

    // ---------------------------------------------------------------- variables

    /// The place resolution gave the identifier at `ident_offset`. `None` only for names
    /// resolution already reported as not found.
    fn place(&self, ident_offset: u32) -> Option<Place> {
        self.res.place(ident_offset)
    }

    fn load(&mut self, place: Place) {
        match place {
            Place::Global(slot) => self.emit(Op::GetGlobal, &[slot.into()]),
            Place::Local { func, slot } if self.res.is_cell(func, slot) => self.emit(Op::GetCell, &[slot.into()]),
            Place::Local { slot, .. } => self.emit(Op::GetLocal, &[slot.into()]),
            Place::Free(idx) => self.emit(Op::GetFree, &[idx.into()]),
            Place::Builtin(b) => self.emit(Op::GetBuiltin, &[b as u32]),
        };
    }

    fn store(&mut self, place: Place, pos: Pos) {
        match place {
            Place::Global(slot) => self.emit(Op::SetGlobal, &[slot.into()]),
            Place::Local { func, slot } if self.res.is_cell(func, slot) => self.emit(Op::SetCell, &[slot.into()]),
            Place::Local { slot, .. } => self.emit(Op::SetLocal, &[slot.into()]),
            Place::Free(idx) => self.emit(Op::SetFree, &[idx.into()]),
            Place::Builtin(b) => {
                self.error(pos, format!("cannot assign to builtin {}", b.name()));
                self.emit(Op::Pop, &[])
            }
        };
    }

    /// A new binding for `ident` (let, for-in variable): captured locals get a fresh cell.
    fn begin_binding(&mut self, ident: &Ident) -> Option<Place> {
        let place = self.place(ident.span.start)?;
        if let Place::Local { func, slot } = place {
            if self.res.is_cell(func, slot) {
                self.emit_at(ident.span.pos, Op::MakeCell, &[slot.into()]);
            }
        }
        Some(place)
    }

    // ---------------------------------------------------------------- statements

    /// A block whose value is used: leaves exactly one value on the stack.
    fn value_block(&mut self, block: &Block) {
        let Some((last, init)) = block.stmts.split_last() else {
            self.emit(Op::Null, &[]);
            return;
        };
        for stmt in init {
            self.stmt(stmt);
        }
        match &last.kind {
            StmtKind::Expr(e) => self.expr(e),
            _ => {
                self.stmt(last);
                self.emit(Op::Null, &[]);
            }
        }
    }

    fn stmts(&mut self, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        self.f.pos = stmt.span.pos;
        match &stmt.kind {
            StmtKind::Let { name, value } => {
                let Some(place) = self.begin_binding(name) else { return };
                self.expr(value);
                self.store(place, name.span.pos);
            }
            StmtKind::Assign { target: AssignTarget::Name(ident), op, value, op_span } => {
                let Some(place) = self.place(ident.span.start) else { return };
                if let Some(op) = op {
                    self.f.pos = ident.span.pos;
                    self.load(place);
                    self.expr(value);
                    self.emit_at(op_span.pos, binop(*op), &[]);
                } else {
                    self.expr(value);
                }
                self.store(place, ident.span.pos);
            }
            StmtKind::Assign { target: AssignTarget::Index { target, index, bracket }, op, value, op_span } => {
                self.expr(target);
                self.expr(index);
                if let Some(op) = op {
                    self.emit_at(bracket.pos, Op::Dup2, &[]);
                    self.emit(Op::Index, &[]);
                    self.expr(value);
                    self.emit_at(op_span.pos, binop(*op), &[]);
                } else {
                    self.expr(value);
                }
                self.emit_at(bracket.pos, Op::SetIndex, &[]);
            }
            StmtKind::Return(value) => {
                match value {
                    Some(v) => self.expr(v),
                    None => {
                        self.emit(Op::Null, &[]);
                    }
                }
                self.emit_at(stmt.span.pos, Op::Return, &[]);
            }
            StmtKind::Expr(e) => {
                self.expr(e);
                self.emit(Op::Pop, &[]);
            }
            StmtKind::While { cond, body } => {
                let top = self.here();
                self.expr(cond);
                let exit = self.emit_jump(Op::JumpIfFalse);
                self.loop_body(body, stmt.span.pos, top, &[exit], |_| {});
            }
            StmtKind::For { init, cond, update, body } => {
                if let Some(init) = init {
                    self.stmt(init);
                }
                let top = self.here();
                let mut exits = vec![];
                if let Some(cond) = cond {
                    self.expr(cond);
                    exits.push(self.emit_jump(Op::JumpIfFalse));
                }
                self.loop_body(body, stmt.span.pos, top, &exits, |g| {
                    if let Some(update) = update {
                        g.stmt(update);
                    }
                });
            }
            StmtKind::ForIn { var, iter: ForIter::Range { start, end, op_span }, body } => {
                let (counter, bound) = (self.alloc_temp(), self.alloc_temp());
                self.expr(start);
                self.expr(end);
                self.emit_at(op_span.pos, Op::RangeCheck, &[]);
                self.emit(Op::SetLocal, &[bound.into()]);
                self.emit(Op::SetLocal, &[counter.into()]);
                let Some(place) = self.begin_binding(var) else { return };
                let pos = stmt.span.pos;
                let top = self.emit_at(pos, Op::GetLocal, &[counter.into()]);
                self.emit(Op::GetLocal, &[bound.into()]);
                self.emit(Op::Lt, &[]);
                let exit = self.emit_jump(Op::JumpIfFalse);
                self.emit(Op::GetLocal, &[counter.into()]);
                self.store(place, var.span.pos);
                self.loop_body(body, pos, top, &[exit], |g| {
                    let one = g.constant(pos, Constant::Int(1));
                    g.emit(Op::GetLocal, &[counter.into()]);
                    g.emit(Op::Const, &[one]);
                    g.emit(Op::Add, &[]);
                    g.emit(Op::SetLocal, &[counter.into()]);
                });
                self.f.temps -= 2;
            }
            StmtKind::ForIn { var, iter: ForIter::Expr(iterable), body } => {
                let (coll, cursor) = (self.alloc_temp(), self.alloc_temp());
                self.expr(iterable);
                self.emit_at(iterable.span.pos, Op::IterInit, &[coll.into(), cursor.into()]);
                let Some(place) = self.begin_binding(var) else { return };
                let pos = stmt.span.pos;
                let top = self.emit_at(pos, Op::IterNext, &[coll.into(), cursor.into(), 0]);
                self.store(place, var.span.pos);
                self.loop_body(body, pos, top, &[top], |_| {});
                self.f.temps -= 2;
            }
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(stmt.kind, StmtKind::Break);
                let Some(depth) = self.f.loops.last().map(|l| l.depth) else {
                    let what = if is_break { "break" } else { "continue" };
                    self.error(stmt.span.pos, format!("{what} outside loop"));
                    return;
                };
                let saved = self.f.depth;
                for _ in depth..saved {
                    self.emit(Op::Pop, &[]);
                }
                let site = self.emit_jump(Op::Jump);
                self.f.depth = saved;
                if let Some(l) = self.f.loops.last_mut() {
                    if is_break { l.breaks.push(site) } else { l.continues.push(site) }
                }
            }
        }
    }

    /// The common tail of every loop: body, continue label, `update`, back-edge, exit label.
    /// `exits` are the forward jumps (condition false, iterator done) to the exit.
    fn loop_body(&mut self, body: &Block, pos: Pos, top: usize, exits: &[usize], update: impl FnOnce(&mut Self)) {
        let depth = self.f.depth;
        self.f.loops.push(LoopCtx { depth, ..LoopCtx::default() });
        self.stmts(body);
        let ctx = self.f.loops.pop().unwrap_or_default();
        let cont = self.here();
        for site in ctx.continues {
            self.patch(site, cont);
        }
        self.f.pos = pos;
        update(self);
        let loop_id = self.f.proto.num_loops;
        if loop_id == u16::MAX {
            return self.error(pos, "too many loops in one function (limit 65535)");
        }
        self.f.proto.num_loops += 1;
        self.emit_at(pos, Op::Loop, &[top as u32, loop_id.into()]);
        let exit = self.here();
        for site in exits.iter().chain(&ctx.breaks) {
            self.patch(*site, exit);
        }
        self.f.depth = depth;
    }

    // ---------------------------------------------------------------- expressions

    fn expr(&mut self, expr: &Expr) {
        self.f.pos = expr.span.pos;
        match &expr.kind {
            ExprKind::Ident(_) => match self.place(expr.span.start) {
                Some(place) => self.load(place),
                // Not found (already reported): push a stand-in so depth tracking stays exact.
                None => {
                    self.emit(Op::Null, &[]);
                }
            },
            ExprKind::Int(n) => {
                let i = self.constant(expr.span.pos, Constant::Int(*n));
                self.emit(Op::Const, &[i]);
            }
            ExprKind::Str(s) => {
                let i = self.constant(expr.span.pos, Constant::Str(s.as_str().into()));
                self.emit(Op::Const, &[i]);
            }
            ExprKind::Bool(true) => {
                self.emit(Op::True, &[]);
            }
            ExprKind::Bool(false) => {
                self.emit(Op::False, &[]);
            }
            ExprKind::Null => {
                self.emit(Op::Null, &[]);
            }
            ExprKind::Array(items) => {
                let Ok(n) = u16::try_from(items.len()) else {
                    return self.error(expr.span.pos, "too many elements in an array literal (limit 65535)");
                };
                items.iter().for_each(|e| self.expr(e));
                self.emit_at(expr.span.pos, Op::Array, &[n.into()]);
            }
            ExprKind::Hash(pairs) => {
                let Ok(n) = u16::try_from(pairs.len()) else {
                    return self.error(expr.span.pos, "too many entries in a hash literal (limit 65535)");
                };
                for (key, value) in pairs {
                    self.expr(key);
                    if !matches!(key.kind, ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Bool(_)) {
                        self.emit_at(key.span.pos, Op::CheckKey, &[]);
                    }
                    self.expr(value);
                }
                self.emit_at(expr.span.pos, Op::Hash, &[n.into()]);
            }
            ExprKind::Prefix { op, operand, op_span } => {
                self.expr(operand);
                let op = match op {
                    PrefixOp::Neg => Op::Neg,
                    PrefixOp::Not => Op::Not,
                };
                self.emit_at(op_span.pos, op, &[]);
            }
            ExprKind::Binary { op, left, right, op_span } => {
                self.expr(left);
                self.expr(right);
                self.emit_at(op_span.pos, binop(*op), &[]);
            }
            ExprKind::Logical { op, left, right } => {
                self.expr(left);
                let depth = self.f.depth - 1;
                let short = self.emit_jump(Op::JumpIfFalse);
                let end = match op {
                    LogicalOp::And => {
                        self.expr(right);
                        self.emit(Op::ToBool, &[]);
                        let end = self.emit_jump(Op::Jump);
                        self.patch(short, self.here());
                        self.f.depth = depth;
                        self.emit(Op::False, &[]);
                        end
                    }
                    LogicalOp::Or => {
                        self.emit(Op::True, &[]);
                        let end = self.emit_jump(Op::Jump);
                        self.patch(short, self.here());
                        self.f.depth = depth;
                        self.expr(right);
                        self.emit(Op::ToBool, &[]);
                        end
                    }
                };
                self.patch(end, self.here());
            }
            ExprKind::If { cond, then, otherwise } => {
                self.expr(cond);
                let depth = self.f.depth - 1;
                let to_else = self.emit_jump(Op::JumpIfFalse);
                self.value_block(then);
                let to_end = self.emit_jump(Op::Jump);
                self.patch(to_else, self.here());
                self.f.depth = depth;
                match otherwise {
                    Some(block) => self.value_block(block),
                    None => {
                        self.emit(Op::Null, &[]);
                    }
                }
                self.patch(to_end, self.here());
            }
            ExprKind::Function { params, body, name } => {
                self.function(expr.span.start, params, body, name.as_deref(), expr.span.pos);
            }
            ExprKind::Call { callee, args, paren } => {
                let Ok(argc) = u8::try_from(args.len()) else {
                    return self.error(paren.pos, "too many arguments (limit 255)");
                };
                self.expr(callee);
                args.iter().for_each(|e| self.expr(e));
                self.emit_at(paren.pos, Op::Call, &[argc.into()]);
            }
            ExprKind::Index { target, index, bracket } => {
                self.expr(target);
                self.expr(index);
                self.emit_at(bracket.pos, Op::Index, &[]);
            }
        }
    }
}

fn binop(op: BinOp) -> Op {
    match op {
        BinOp::Add => Op::Add,
        BinOp::Sub => Op::Sub,
        BinOp::Mul => Op::Mul,
        BinOp::Div => Op::Div,
        BinOp::Mod => Op::Mod,
        BinOp::Eq => Op::Eq,
        BinOp::NotEq => Op::NotEq,
        BinOp::Lt => Op::Lt,
        BinOp::Gt => Op::Gt,
        BinOp::LtEq => Op::LtEq,
        BinOp::GtEq => Op::GtEq,
    }
}
