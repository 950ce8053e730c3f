//! Name resolution: the first compiler pass.
//!
//! Walks the AST in source order with the dialect's scoping rules (top-level names are
//! globals, names bound anywhere in a function are that function's locals, blocks open
//! no scope, a name is visible from its `let` onwards) and decides, for every identifier
//! occurrence, where it lives: a global slot, a local slot, a captured cell of the
//! enclosing closure, or a builtin.
//!
//! It runs before code generation because capture is only known once a whole function
//! has been seen: a local that any inner function refers to must live in a heap cell
//! (closures capture by reference), so every access to it — including those emitted
//! before the inner function appears — uses the cell instructions. Resolving first
//! lets code generation emit the right instruction at once.
//!
//! Output: a [`Resolution`] table keyed by the byte offset of each identifier occurrence
//! and of each function literal; the AST itself is not modified.

use std::collections::HashMap;

use crate::bytecode::{Capture, Globals};
use crate::syntax::ast::*;
use crate::syntax::SourceError;
use crate::vm::builtins::Builtin;

/// Where one identifier occurrence lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Global(u16),
    /// A local of the function with key `func` (see [`Resolution::functions`]).
    Local { func: u32, slot: u16 },
    /// Captured cell `idx` of the current closure.
    Free(u16),
    Builtin(Builtin),
}

/// The names of one function.
#[derive(Clone, Debug, Default)]
pub struct FunctionScope {
    /// Local names by slot (parameters first).
    pub locals: Vec<String>,
    /// Whether an inner function captures the slot.
    pub captured: Vec<bool>,
    /// The closure's captures, in `GetFree` index order.
    pub captures: Vec<Capture>,
    by_name: HashMap<String, u16>,
    /// `(name, Capture)` already captured, to reuse the index.
    free_by_name: HashMap<String, u16>,
}

/// The key of the top-level "function".
pub const MAIN: u32 = u32::MAX;

/// The result of resolution.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Identifier occurrence (byte offset of its span) → place.
    pub places: HashMap<u32, Place>,
    /// Function literal (byte offset of its span, or [`MAIN`]) → its scope.
    pub functions: HashMap<u32, FunctionScope>,
}

impl Resolution {
    /// The place of the identifier whose span starts at `offset`.
    pub fn place(&self, offset: u32) -> Option<Place> {
        self.places.get(&offset).copied()
    }

    /// Whether local `slot` of function `func` is a cell.
    pub fn is_cell(&self, func: u32, slot: u16) -> bool {
        self.functions
            .get(&func)
            .and_then(|f| f.captured.get(slot as usize).copied())
            .unwrap_or(false)
    }
}

/// Resolve every name of `program`, defining its globals in `globals`.
pub fn resolve(program: &Program, globals: &mut Globals) -> (Resolution, Vec<SourceError>) {
    let mut r = Resolver { globals, stack: vec![(MAIN, FunctionScope::default())], out: Resolution::default(), errors: vec![] };
    for stmt in &program.stmts {
        r.stmt(stmt);
    }
    let (key, scope) = r.stack.pop().unwrap_or_default();
    r.out.functions.insert(key, scope);
    (r.out, r.errors)
}

struct Resolver<'g> {
    globals: &'g mut Globals,
    /// Enclosing functions, innermost last; the bottom is the top level.
    stack: Vec<(u32, FunctionScope)>,
    out: Resolution,
    errors: Vec<SourceError>,
}

impl Resolver<'_> {
    fn at_top_level(&self) -> bool {
        self.stack.len() == 1
    }

    /// Bind `ident` in the current scope (a `let`, a parameter or a for-in variable).
    fn bind(&mut self, ident: &Ident) {
        let place = if self.at_top_level() {
            match self.globals.define(&ident.name) {
                Some(slot) => Place::Global(slot),
                None => {
                    self.errors.push(SourceError::new(ident.span.pos, "too many global variables (limit 65536)"));
                    return;
                }
            }
        } else {
            let Some((key, scope)) = self.stack.last_mut() else { return };
            let slot = match scope.by_name.get(&ident.name) {
                Some(slot) => *slot,
                None => {
                    let Ok(slot) = u16::try_from(scope.locals.len()) else {
                        self.errors.push(SourceError::new(ident.span.pos, "too many local variables (limit 65536)"));
                        return;
                    };
                    scope.locals.push(ident.name.clone());
                    scope.captured.push(false);
                    scope.by_name.insert(ident.name.clone(), slot);
                    slot
                }
            };
            Place::Local { func: *key, slot }
        };
        self.out.places.insert(ident.span.start, place);
    }

    /// Resolve a use of `name` at `offset` (reads and assignments alike).
    fn use_name(&mut self, name: &str, offset: u32, pos: crate::syntax::Pos) {
        let depth = self.stack.len() - 1;
        match self.lookup(name, depth) {
            Some(place) => {
                self.out.places.insert(offset, place);
            }
            None => self.errors.push(SourceError::new(pos, format!("identifier not found: {name}"))),
        }
    }

    /// Find `name` as seen from function `depth` of the stack, adding captures on the way.
    fn lookup(&mut self, name: &str, depth: usize) -> Option<Place> {
        if depth == 0 {
            return match self.globals.lookup(name) {
                Some(slot) => Some(Place::Global(slot)),
                None => Builtin::from_name(name).map(Place::Builtin),
            };
        }
        let (key, scope) = &self.stack[depth];
        if let Some(slot) = scope.by_name.get(name) {
            return Some(Place::Local { func: *key, slot: *slot });
        }
        if let Some(idx) = scope.free_by_name.get(name) {
            return Some(Place::Free(*idx));
        }
        let capture = match self.lookup(name, depth - 1)? {
            Place::Local { slot, .. } => {
                self.stack[depth - 1].1.captured[slot as usize] = true;
                Capture::Local(slot)
            }
            Place::Free(idx) => Capture::Free(idx),
            other => return Some(other),
        };
        let scope = &mut self.stack[depth].1;
        let idx = u16::try_from(scope.captures.len()).ok()?;
        scope.captures.push(capture);
        scope.free_by_name.insert(name.to_string(), idx);
        Some(Place::Free(idx))
    }

    fn block(&mut self, block: &Block) {
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Let { name, value } => {
                self.bind(name);
                self.expr(value);
            }
            StmtKind::Assign { target, value, .. } => {
                match target {
                    AssignTarget::Name(ident) => self.use_name(&ident.name, ident.span.start, ident.span.pos),
                    AssignTarget::Index { target, index, .. } => {
                        self.expr(target);
                        self.expr(index);
                    }
                }
                self.expr(value);
            }
            StmtKind::Return(value) => {
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::While { cond, body } => {
                self.expr(cond);
                self.block(body);
            }
            StmtKind::For { init, cond, update, body } => {
                if let Some(init) = init {
                    self.stmt(init);
                }
                if let Some(cond) = cond {
                    self.expr(cond);
                }
                self.block(body);
                if let Some(update) = update {
                    self.stmt(update);
                }
            }
            StmtKind::ForIn { var, iter, body } => {
                match iter {
                    ForIter::Range { start, end, .. } => {
                        self.expr(start);
                        self.expr(end);
                    }
                    ForIter::Expr(e) => self.expr(e),
                }
                self.bind(var);
                self.block(body);
            }
            StmtKind::Break | StmtKind::Continue => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Ident(name) => self.use_name(name, expr.span.start, expr.span.pos),
            ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Null => {}
            ExprKind::Array(items) => items.iter().for_each(|e| self.expr(e)),
            ExprKind::Hash(pairs) => {
                for (k, v) in pairs {
                    self.expr(k);
                    self.expr(v);
                }
            }
            ExprKind::Prefix { operand, .. } => self.expr(operand),
            ExprKind::Binary { left, right, .. } | ExprKind::Logical { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::If { cond, then, otherwise } => {
                self.expr(cond);
                self.block(then);
                if let Some(otherwise) = otherwise {
                    self.block(otherwise);
                }
            }
            ExprKind::Function { params, body, .. } => {
                self.stack.push((expr.span.start, FunctionScope::default()));
                for param in params {
                    self.bind(param);
                }
                self.block(body);
                if let Some((key, scope)) = self.stack.pop() {
                    self.out.functions.insert(key, scope);
                }
            }
            ExprKind::Call { callee, args, .. } => {
                self.expr(callee);
                args.iter().for_each(|e| self.expr(e));
            }
            ExprKind::Index { target, index, .. } => {
                self.expr(target);
                self.expr(index);
            }
        }
    }
}
