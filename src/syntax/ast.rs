//! The abstract syntax tree.
//!
//! The parser produces a [`Program`]; the bytecode compiler consumes it. Every node
//! carries a [`Span`]. Where an operation can fail at run time, the node keeps the span
//! of the token that runtime errors point at (the operator, the `(` of a call, the `[`
//! of an index), as documented in `docs/language.md` under "Error positions".

use super::span::Span;

/// A whole source file (or one REPL entry).
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub stmts: Vec<Stmt>,
}

/// A `{ ... }` block. Blocks do not open scopes.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

/// An identifier occurrence.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `let name = value;`
    Let { name: Ident, value: Expr },
    /// `target = value;` or a compound form `target op= value;`.
    /// `op_span` is the span of the `=` / `+=` token (errors of compound forms point there).
    Assign { target: AssignTarget, op: Option<BinOp>, value: Expr, op_span: Span },
    /// `return;` / `return value;`
    Return(Option<Expr>),
    /// An expression used as a statement; its value is the block's value if it is last.
    Expr(Expr),
    /// `while (cond) body`
    While { cond: Expr, body: Block },
    /// `for (init; cond; update) body`; each part may be empty.
    For { init: Option<Box<Stmt>>, cond: Option<Expr>, update: Option<Box<Stmt>>, body: Block },
    /// `for (var in iter) body`
    ForIn { var: Ident, iter: ForIter, body: Block },
    Break,
    Continue,
}

/// What a `for-in` loop walks over.
#[derive(Clone, Debug, PartialEq)]
pub enum ForIter {
    /// `a..b`: integers a, a+1, ..., b-1. `op_span` is the `..` token.
    Range { start: Expr, end: Expr, op_span: Span },
    /// An array (its elements) or a string (its characters).
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AssignTarget {
    Name(Ident),
    /// `target[index]`; `bracket` is the span of `[`.
    Index { target: Expr, index: Expr, bracket: Span },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Ident(String),
    Int(i64),
    Str(String),
    Bool(bool),
    Null,
    Array(Vec<Expr>),
    /// `{k: v, ...}` in source order.
    Hash(Vec<(Expr, Expr)>),
    /// `-x`, `!x`; `op_span` is the operator token.
    Prefix { op: PrefixOp, operand: Box<Expr>, op_span: Span },
    /// `l op r` for arithmetic, comparison and equality; `op_span` is the operator token.
    Binary { op: BinOp, left: Box<Expr>, right: Box<Expr>, op_span: Span },
    /// `l && r`, `l || r`: short-circuit, yields a boolean.
    Logical { op: LogicalOp, left: Box<Expr>, right: Box<Expr> },
    /// `if (cond) { } else { }`; `else if` is an `else` block holding one `if` expression.
    If { cond: Box<Expr>, then: Block, otherwise: Option<Block> },
    /// `fn(a, b) { body }`. `name` is filled in by the parser for `let name = fn ...`
    /// so that dumps and stack traces can name the function.
    Function { params: Vec<Ident>, body: Block, name: Option<String> },
    /// `callee(args)`; `paren` is the span of `(`.
    Call { callee: Box<Expr>, args: Vec<Expr>, paren: Span },
    /// `target[index]`; `bracket` is the span of `[`.
    Index { target: Box<Expr>, index: Box<Expr>, bracket: Span },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefixOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    NotEq,
    Lt,
    Gt,
    LtEq,
    GtEq,
}

impl BinOp {
    /// The operator as written in source (and in error messages).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "==",
            BinOp::NotEq => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::LtEq => "<=",
            BinOp::GtEq => ">=",
        }
    }
}

impl PrefixOp {
    pub fn symbol(self) -> &'static str {
        match self {
            PrefixOp::Neg => "-",
            PrefixOp::Not => "!",
        }
    }
}
