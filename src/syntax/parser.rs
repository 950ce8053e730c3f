//! The parser: tokens to AST.
//!
//! A hand-written recursive-descent parser for statements with a Pratt (precedence
//! climbing) parser for expressions, as in the book, so that its error messages match
//! the book's wording (`expected next token to be ), got ; instead`, `no prefix parse
//! function for ) found`). The cursor always points at the next unconsumed token and
//! errors are reported at the token that made parsing fail.
//!
//! **Error recovery.** [`parse`] reports every error in the file. Each parse method
//! returns `Err(Failed)` after recording its error, and the failure unwinds to the
//! nearest statement list (the program or a `{ }` block). That list skips ahead to the
//! end of the broken statement — past a `;`, up to the `}` that closes the block, or up
//! to a statement keyword (`let`, `return`, `while`, ...) that begins a later line,
//! stepping over nested `{ }` — and carries on. Because blocks recover on their own, a
//! mistake inside a function body does not swallow the rest of the file. At most one
//! error is kept per source position: this silences the cascade of identical "expected
//! `}`" errors at the end of a file with unclosed blocks, and stops the parser repeating
//! what the lexer already reported about a bad token (see [`TokenKind::Illegal`]).
//!
//! **Bounded nesting.** Two limits keep later passes and the parser itself away from
//! stack overflow, both reported as `nesting too deep`:
//! - the parser's own recursion depth (each nested expression and block is a level),
//!   checked at the token that would go one level too deep, bounds this file's stack;
//! - the height of the tree being built, checked whenever a node is made, bounds the
//!   recursion of every later pass over the AST (and of its `Drop`). Recursion depth
//!   alone would not: `1 + 1 + ... + 1` is parsed by a loop but yields a left-leaning
//!   tree as tall as the sum is long. So each parse method raises an out-parameter `h`
//!   to the height of what it built, and composite nodes check `1 + max(children)`.
//!
//! Both limits are [`MAX_NESTING`]. An error is reported at the offending token and
//! the oversized tree is never built.
//!
//! **Stack use per level.** AST values are large (a `Stmt` is about 400 bytes), and a
//! function that parses several constructs inline gets a frame holding the locals of
//! all of them, paid at every nesting level whatever is nested. So the dispatchers
//! (`statement`, `prefix`, the Pratt loop) stay small and each construct has its own
//! `#[inline(never)]` function, and statements are returned straight into the
//! statement list rather than through intermediate copies. Measured on x86-64, a level
//! then costs at most about 1.5 KiB in release builds and 1.8 KiB at `opt-level = 1`
//! (the crate's dev profile), half of what it did before, so [`MAX_NESTING`] levels fit
//! well within a 2 MiB test thread, and a release WebAssembly build with the default
//! 1 MiB stack parses them too.
//!
//! Spans: a node's span runs from its first token to its last (a statement's span does
//! not include its optional terminating `;`); a parenthesised expression's span includes
//! the parentheses. Operator, `(` and `[` spans are kept separately for runtime errors.

use std::collections::HashSet;

use super::ast::{
    AssignTarget, BinOp, Block, Expr, ExprKind, ForIter, Ident, LogicalOp, PrefixOp, Program, Stmt, StmtKind,
};
use super::lexer::tokenize;
use super::span::{Pos, SourceError, Span};
use super::token::{Token, TokenKind};

/// The deepest nesting the parser accepts: both its own recursion depth and the height
/// of the AST it returns are at most this, so passes that recurse over the AST may rely
/// on it.
pub const MAX_NESTING: u32 = 500;

/// Parses a whole source file (or one REPL entry). On failure returns every lexical and
/// syntax error of the input, sorted by position.
pub fn parse(source: &str) -> Result<Program, Vec<SourceError>> {
    let mut parser = Parser::new(source);
    let stmts = parser.statements(false, &mut 0);
    let mut errors = parser.errors;
    if errors.is_empty() {
        Ok(Program { stmts })
    } else {
        SourceError::sort_by_position(&mut errors);
        Err(errors)
    }
}

/// Binding power of infix operators, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Lowest,
    /// `..`: parsed only in a `for-in` header; anywhere else it is an error.
    Range,
    Or,
    And,
    Equality,
    Comparison,
    Sum,
    Product,
    Prefix,
    /// Calls `f(x)` and indexing `a[i]`.
    Postfix,
}

/// What an infix token does.
#[derive(Clone, Copy)]
enum Infix {
    Binary(BinOp),
    Logical(LogicalOp),
    Call,
    Index,
    Range,
}

/// The infix role and binding power of a token, if it has one.
fn infix(kind: &TokenKind) -> Option<(Infix, Prec)> {
    Some(match kind {
        TokenKind::OrOr => (Infix::Logical(LogicalOp::Or), Prec::Or),
        TokenKind::AndAnd => (Infix::Logical(LogicalOp::And), Prec::And),
        TokenKind::LParen => (Infix::Call, Prec::Postfix),
        TokenKind::LBracket => (Infix::Index, Prec::Postfix),
        TokenKind::DotDot => (Infix::Range, Prec::Range),
        _ => {
            let op = binary_op(kind)?;
            let prec = match op {
                BinOp::Eq | BinOp::NotEq => Prec::Equality,
                BinOp::Lt | BinOp::Gt | BinOp::LtEq | BinOp::GtEq => Prec::Comparison,
                BinOp::Add | BinOp::Sub => Prec::Sum,
                BinOp::Mul | BinOp::Div | BinOp::Mod => Prec::Product,
            };
            (Infix::Binary(op), prec)
        }
    })
}

fn binary_op(kind: &TokenKind) -> Option<BinOp> {
    Some(match kind {
        TokenKind::Plus => BinOp::Add,
        TokenKind::Minus => BinOp::Sub,
        TokenKind::Star => BinOp::Mul,
        TokenKind::Slash => BinOp::Div,
        TokenKind::Percent => BinOp::Mod,
        TokenKind::EqEq => BinOp::Eq,
        TokenKind::NotEq => BinOp::NotEq,
        TokenKind::Lt => BinOp::Lt,
        TokenKind::Gt => BinOp::Gt,
        TokenKind::LtEq => BinOp::LtEq,
        TokenKind::GtEq => BinOp::GtEq,
        _ => return None,
    })
}

/// `None` if `kind` is not an assignment operator, `Some(None)` for `=`, and
/// `Some(Some(op))` for the compound `op=`.
fn assignment_op(kind: &TokenKind) -> Option<Option<BinOp>> {
    Some(Some(match kind {
        TokenKind::Assign => return Some(None),
        TokenKind::PlusAssign => BinOp::Add,
        TokenKind::MinusAssign => BinOp::Sub,
        TokenKind::StarAssign => BinOp::Mul,
        TokenKind::SlashAssign => BinOp::Div,
        TokenKind::PercentAssign => BinOp::Mod,
        _ => return None,
    }))
}

/// Names a function literal after the variable it is bound to (`let f = fn...`).
fn named(mut value: Expr, binding: &str) -> Expr {
    if let ExprKind::Function { name: name @ None, .. } = &mut value.kind {
        *name = Some(binding.to_owned());
    }
    value
}

/// How many `open` tokens in `tokens` are not closed by a later `close`.
fn balance(tokens: &[Token], open: &TokenKind, close: &TokenKind) -> u32 {
    tokens.iter().fold(0, |depth, t| match &t.kind {
        k if k == open => depth + 1,
        k if k == close => depth.saturating_sub(1),
        _ => depth,
    })
}

/// Marks a failed parse whose error has already been recorded.
struct Failed;

type PResult<T> = Result<T, Failed>;

struct Parser {
    /// The whole input; [`tokenize`] ends it with `Eof`, which the cursor never passes.
    tokens: Vec<Token>,
    /// Index of the next unconsumed token.
    pos: usize,
    /// Span of the last consumed token: where the node being built ends.
    prev: Span,
    /// Current recursion depth (nested expressions and blocks).
    depth: u32,
    errors: Vec<SourceError>,
    /// Positions of `errors`, to keep one error per position.
    error_positions: HashSet<Pos>,
}

impl Parser {
    fn new(source: &str) -> Self {
        let (tokens, errors) = tokenize(source);
        let error_positions = errors.iter().map(|e| e.pos).collect();
        Parser { tokens, pos: 0, prev: Span::default(), depth: 0, errors, error_positions }
    }

    // ----- statements -------------------------------------------------------------

    /// Parses statements up to `}` (in a block) or the end of input, recovering from
    /// errors in between. Raises `h` to the tallest statement's height.
    fn statements(&mut self, in_block: bool, h: &mut u32) -> Vec<Stmt> {
        let mut stmts = Vec::new();
        loop {
            match self.peek().kind {
                TokenKind::Eof => return stmts,
                TokenKind::RBrace if in_block => return stmts,
                _ => {}
            }
            let start = self.pos;
            match self.statement(h) {
                Ok(stmt) => {
                    stmts.push(stmt);
                    self.eat(&TokenKind::Semicolon);
                }
                Err(Failed) => self.synchronize(start, in_block),
            }
        }
    }

    /// Skips the rest of a statement that failed to parse (it began at token `start`).
    ///
    /// Stops after a `;`, before a statement keyword that begins a line, or before a `}`
    /// that closes the enclosing block (at the top level a stray `}` is skipped and ends
    /// the statement). It skips over `{ }` pairs, over the closing `}`s of hash literals
    /// the error left open, and over the rest of an unfinished `for (...)` header with
    /// its `;`s. Unless it stops at a `}` or at the end, the statement loop has made
    /// progress: either the failed statement consumed a token or this skips one.
    #[inline(never)]
    fn synchronize(&mut self, start: usize, in_block: bool) {
        let failed = self.tokens.get(start..self.pos).unwrap_or_default();
        let mut open_braces = balance(failed, &TokenKind::LBrace, &TokenKind::RBrace);
        let mut header_parens = match failed.first() {
            Some(first) if first.kind == TokenKind::For => balance(failed, &TokenKind::LParen, &TokenKind::RParen),
            _ => 0,
        };
        let mut nested = 0u32;
        loop {
            let kind = &self.peek().kind;
            match kind {
                TokenKind::Eof => return,
                TokenKind::LBrace => nested += 1,
                TokenKind::RBrace if nested > 0 => nested -= 1,
                TokenKind::RBrace if open_braces > 0 => open_braces -= 1,
                TokenKind::RBrace => {
                    if !in_block {
                        self.bump();
                    }
                    return;
                }
                TokenKind::Semicolon if nested == 0 && header_parens == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::LParen if header_parens > 0 => header_parens += 1,
                TokenKind::RParen if header_parens > 0 => header_parens -= 1,
                _ if nested == 0 && self.pos > start && kind.starts_statement() && self.starts_line() => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// Whether the next token is the first on its line.
    fn starts_line(&self) -> bool {
        let line = self.peek().span.pos.line;
        self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)).is_some_and(|t| t.span.pos.line < line)
    }

    /// A statement, without its optional `;`.
    fn statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let parse: fn(&mut Self, &mut u32) -> PResult<Stmt> = match self.peek().kind {
            TokenKind::Let => Self::let_statement,
            TokenKind::Return => Self::return_statement,
            TokenKind::While => Self::while_statement,
            TokenKind::For => Self::for_statement,
            TokenKind::Break | TokenKind::Continue => Self::jump_statement,
            _ => Self::simple_statement,
        };
        parse(self, h)
    }

    /// A statement spanning from `start` to the last consumed token.
    fn stmt(&self, kind: StmtKind, start: Span) -> Stmt {
        Stmt { kind, span: start.to(self.prev) }
    }

    /// `break` or `continue`
    fn jump_statement(&mut self, _: &mut u32) -> PResult<Stmt> {
        let kind = if self.peek().kind == TokenKind::Break { StmtKind::Break } else { StmtKind::Continue };
        Ok(Stmt { kind, span: self.bump() })
    }

    /// `let name = value`
    #[inline(never)]
    fn let_statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let start = self.bump();
        let name = self.ident()?;
        self.expect(&TokenKind::Assign)?;
        let value = named(self.expression(Prec::Lowest, h)?, &name.name);
        Ok(self.stmt(StmtKind::Let { name, value }, start))
    }

    /// `return` or `return value`
    #[inline(never)]
    fn return_statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let start = self.bump();
        let value = match self.peek().kind {
            TokenKind::Semicolon | TokenKind::RBrace | TokenKind::Eof => None,
            _ => Some(self.expression(Prec::Lowest, h)?),
        };
        Ok(self.stmt(StmtKind::Return(value), start))
    }

    /// `while (cond) body`
    #[inline(never)]
    fn while_statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let start = self.bump();
        let cond = self.condition(h)?;
        let body = self.block(h)?;
        Ok(self.stmt(StmtKind::While { cond, body }, start))
    }

    /// An expression statement or an assignment (`target = value`, `target op= value`).
    #[inline(never)]
    fn simple_statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let start = self.peek().span;
        let expr = self.expression(Prec::Lowest, h)?;
        match assignment_op(&self.peek().kind) {
            None => Ok(self.stmt(StmtKind::Expr(expr), start)),
            Some(op) => self.assignment(expr, op, h),
        }
    }

    /// The rest of an assignment whose target `expr` has been parsed.
    #[inline(never)]
    fn assignment(&mut self, expr: Expr, op: Option<BinOp>, h: &mut u32) -> PResult<Stmt> {
        let op_span = self.bump();
        let target = match expr.kind {
            ExprKind::Ident(name) => AssignTarget::Name(Ident { name, span: expr.span }),
            ExprKind::Index { target, index, bracket } => {
                AssignTarget::Index { target: *target, index: *index, bracket }
            }
            _ => return Err(self.error_at(expr.span.pos, "invalid assignment target")),
        };
        let mut value = self.expression(Prec::Lowest, h)?;
        if let (AssignTarget::Name(name), None) = (&target, op) {
            value = named(value, &name.name);
        }
        Ok(self.stmt(StmtKind::Assign { target, op, value, op_span }, expr.span))
    }

    /// `for (var in iter) body` or `for (init; cond; update) body`.
    #[inline(never)]
    fn for_statement(&mut self, h: &mut u32) -> PResult<Stmt> {
        let start = self.bump();
        self.expect(&TokenKind::LParen)?;
        if matches!(self.peek().kind, TokenKind::Ident(_)) && self.peek_second().kind == TokenKind::In {
            self.for_in(start, h)
        } else {
            self.c_for(start, h)
        }
    }

    /// The rest of `for (var in iter) body` after the `(`.
    #[inline(never)]
    fn for_in(&mut self, start: Span, h: &mut u32) -> PResult<Stmt> {
        let var = self.ident()?;
        self.bump();
        // Parse above `..` so that a range stops there instead of being an error.
        let first = self.expression(Prec::Range, h)?;
        let iter = if self.peek().kind == TokenKind::DotDot {
            let op_span = self.bump();
            ForIter::Range { start: first, end: self.expression(Prec::Range, h)?, op_span }
        } else {
            ForIter::Expr(first)
        };
        self.expect(&TokenKind::RParen)?;
        let body = self.block(h)?;
        Ok(self.stmt(StmtKind::ForIn { var, iter, body }, start))
    }

    /// The rest of `for (init; cond; update) body` after the `(`.
    #[inline(never)]
    fn c_for(&mut self, start: Span, h: &mut u32) -> PResult<Stmt> {
        let init = match self.peek().kind {
            TokenKind::Semicolon => None,
            TokenKind::Let => Some(Box::new(self.let_statement(h)?)),
            _ => Some(Box::new(self.simple_statement(h)?)),
        };
        self.expect(&TokenKind::Semicolon)?;
        let cond = match self.peek().kind {
            TokenKind::Semicolon => None,
            _ => Some(self.expression(Prec::Lowest, h)?),
        };
        self.expect(&TokenKind::Semicolon)?;
        let update = match self.peek().kind {
            TokenKind::RParen => None,
            _ => Some(Box::new(self.simple_statement(h)?)),
        };
        self.expect(&TokenKind::RParen)?;
        let body = self.block(h)?;
        Ok(self.stmt(StmtKind::For { init, cond, update, body }, start))
    }

    /// `{ statements }`
    #[inline(never)]
    fn block(&mut self, h: &mut u32) -> PResult<Block> {
        self.nested(|p| {
            let open = p.expect(&TokenKind::LBrace)?;
            let mut inner = 0;
            let stmts = p.statements(true, &mut inner);
            p.expect(&TokenKind::RBrace)?;
            p.grow(inner, open.pos, h)?;
            Ok(Block { stmts, span: open.to(p.prev) })
        })
    }

    /// `( expression )` after `if` and `while`.
    fn condition(&mut self, h: &mut u32) -> PResult<Expr> {
        self.expect(&TokenKind::LParen)?;
        let cond = self.expression(Prec::Lowest, h)?;
        self.expect(&TokenKind::RParen)?;
        Ok(cond)
    }

    // ----- expressions ------------------------------------------------------------

    /// Parses an expression whose infix operators all bind tighter than `min`.
    fn expression(&mut self, min: Prec, h: &mut u32) -> PResult<Expr> {
        self.nested(|p| {
            let mut height = 0;
            let mut left = p.prefix(&mut height)?;
            while let Some((op, prec)) = infix(&p.peek().kind).filter(|&(_, prec)| prec > min) {
                left = p.infix(left, op, prec, &mut height)?;
            }
            *h = (*h).max(height);
            Ok(left)
        })
    }

    /// An expression that starts at the next token: a literal, a name, a prefix
    /// operator, a group, or an `if` / `fn` expression.
    fn prefix(&mut self, h: &mut u32) -> PResult<Expr> {
        let span = self.peek().span;
        let kind = match &self.peek().kind {
            TokenKind::Ident(name) => ExprKind::Ident(name.clone()),
            TokenKind::Int(value) => ExprKind::Int(*value),
            TokenKind::Str(text) => ExprKind::Str(text.clone()),
            TokenKind::True => ExprKind::Bool(true),
            TokenKind::False => ExprKind::Bool(false),
            TokenKind::Null => ExprKind::Null,
            TokenKind::Minus => return self.prefix_op(PrefixOp::Neg, h),
            TokenKind::Bang => return self.prefix_op(PrefixOp::Not, h),
            TokenKind::LParen => return self.group(h),
            TokenKind::LBracket => return self.array(h),
            TokenKind::LBrace => return self.hash(h),
            TokenKind::If => return self.if_expression(h),
            TokenKind::Fn => return self.function(h),
            other => {
                let message = format!("no prefix parse function for {other} found");
                return Err(self.error_at(span.pos, message));
            }
        };
        self.bump();
        *h = (*h).max(1);
        Ok(Expr { kind, span })
    }

    /// The rest of an infix expression whose operator is the next token.
    #[inline(never)]
    fn infix(&mut self, left: Expr, op: Infix, prec: Prec, h: &mut u32) -> PResult<Expr> {
        let op_span = self.bump();
        let start = left.span;
        let left = Box::new(left);
        let mut inner = *h;
        let kind = match op {
            Infix::Binary(op) => {
                let right = Box::new(self.expression(prec, &mut inner)?);
                ExprKind::Binary { op, left, right, op_span }
            }
            Infix::Logical(op) => {
                let right = Box::new(self.expression(prec, &mut inner)?);
                ExprKind::Logical { op, left, right }
            }
            Infix::Call => {
                ExprKind::Call { callee: left, args: self.list(&TokenKind::RParen, &mut inner)?, paren: op_span }
            }
            Infix::Index => {
                let index = Box::new(self.expression(Prec::Lowest, &mut inner)?);
                self.expect(&TokenKind::RBracket)?;
                ExprKind::Index { target: left, index, bracket: op_span }
            }
            Infix::Range => return Err(self.error_at(op_span.pos, "range is only allowed in a for-in header")),
        };
        self.node(kind, start, inner, op_span.pos, h)
    }

    /// `-x`, `!x`
    #[inline(never)]
    fn prefix_op(&mut self, op: PrefixOp, h: &mut u32) -> PResult<Expr> {
        let op_span = self.bump();
        let mut inner = 0;
        let operand = Box::new(self.expression(Prec::Prefix, &mut inner)?);
        self.node(ExprKind::Prefix { op, operand, op_span }, op_span, inner, op_span.pos, h)
    }

    /// `( expression )`: the inner expression, its span widened to the parentheses.
    #[inline(never)]
    fn group(&mut self, h: &mut u32) -> PResult<Expr> {
        let open = self.bump();
        let inner = self.expression(Prec::Lowest, h)?;
        self.expect(&TokenKind::RParen)?;
        Ok(Expr { span: open.to(self.prev), ..inner })
    }

    /// `[a, b, ...]`
    #[inline(never)]
    fn array(&mut self, h: &mut u32) -> PResult<Expr> {
        let open = self.bump();
        let mut inner = 0;
        let items = self.list(&TokenKind::RBracket, &mut inner)?;
        self.node(ExprKind::Array(items), open, inner, open.pos, h)
    }

    /// `{k: v, ...}`
    #[inline(never)]
    fn hash(&mut self, h: &mut u32) -> PResult<Expr> {
        let open = self.bump();
        let mut inner = 0;
        let mut pairs = Vec::new();
        if !self.eat(&TokenKind::RBrace) {
            loop {
                let key = self.expression(Prec::Lowest, &mut inner)?;
                self.expect(&TokenKind::Colon)?;
                pairs.push((key, self.expression(Prec::Lowest, &mut inner)?));
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(&TokenKind::RBrace)?;
        }
        self.node(ExprKind::Hash(pairs), open, inner, open.pos, h)
    }

    /// `if (cond) { } [else { } | else if ...]`
    #[inline(never)]
    fn if_expression(&mut self, h: &mut u32) -> PResult<Expr> {
        let start = self.bump();
        let mut inner = 0;
        let cond = Box::new(self.condition(&mut inner)?);
        let then = self.block(&mut inner)?;
        let otherwise = if !self.eat(&TokenKind::Else) {
            None
        } else if self.peek().kind == TokenKind::If {
            Some(self.else_if(&mut inner)?)
        } else {
            Some(self.block(&mut inner)?)
        };
        self.node(ExprKind::If { cond, then, otherwise }, start, inner, start.pos, h)
    }

    /// `else if ...`: an else block holding just the nested `if` expression.
    #[inline(never)]
    fn else_if(&mut self, h: &mut u32) -> PResult<Block> {
        let mut inner = 0;
        let nested = self.nested(|p| p.if_expression(&mut inner))?;
        let span = nested.span;
        self.grow(inner, span.pos, h)?;
        Ok(Block { stmts: vec![Stmt { kind: StmtKind::Expr(nested), span }], span })
    }

    /// `fn(params) { body }`
    #[inline(never)]
    fn function(&mut self, h: &mut u32) -> PResult<Expr> {
        let start = self.bump();
        self.expect(&TokenKind::LParen)?;
        let mut params = Vec::new();
        if !self.eat(&TokenKind::RParen) {
            loop {
                params.push(self.ident()?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(&TokenKind::RParen)?;
        }
        let mut inner = 0;
        let body = self.block(&mut inner)?;
        self.node(ExprKind::Function { params, body, name: None }, start, inner, start.pos, h)
    }

    /// Comma-separated expressions up to `close` (whose opening token is consumed).
    #[inline(never)]
    fn list(&mut self, close: &TokenKind, h: &mut u32) -> PResult<Vec<Expr>> {
        let mut items = Vec::new();
        if !self.eat(close) {
            loop {
                items.push(self.expression(Prec::Lowest, h)?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(close)?;
        }
        Ok(items)
    }

    // ----- nesting limits ---------------------------------------------------------

    /// Runs `parse` one recursion level deeper, failing at the next token if that
    /// exceeds [`MAX_NESTING`].
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            return Err(self.error_at(self.peek().span.pos, "nesting too deep"));
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    /// Accounts for a node whose tallest child is `inner` high: raises `h` to the node's
    /// height, or fails at `at` if that exceeds [`MAX_NESTING`].
    fn grow(&mut self, inner: u32, at: Pos, h: &mut u32) -> PResult<()> {
        let height = inner + 1;
        if height > MAX_NESTING {
            return Err(self.error_at(at, "nesting too deep"));
        }
        *h = (*h).max(height);
        Ok(())
    }

    /// Makes an expression node spanning from `start` to the last consumed token; see
    /// [`Parser::grow`] for `inner`, `at` and `h`.
    fn node(&mut self, kind: ExprKind, start: Span, inner: u32, at: Pos, h: &mut u32) -> PResult<Expr> {
        self.grow(inner, at, h)?;
        Ok(Expr { kind, span: start.to(self.prev) })
    }

    // ----- tokens and errors ------------------------------------------------------

    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    /// The token after the next one (or `Eof`).
    fn peek_second(&self) -> &Token {
        self.tokens.get(self.pos + 1).unwrap_or(self.peek())
    }

    /// Consumes the next token (never moving past `Eof`) and returns its span.
    fn bump(&mut self) -> Span {
        let span = self.peek().span;
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        self.prev = span;
        span
    }

    /// Consumes the next token if it is `kind`.
    fn eat(&mut self, kind: &TokenKind) -> bool {
        let found = self.peek().kind == *kind;
        if found {
            self.bump();
        }
        found
    }

    /// Consumes the next token, which must be `kind`; returns its span.
    fn expect(&mut self, kind: &TokenKind) -> PResult<Span> {
        if self.peek().kind == *kind {
            Ok(self.bump())
        } else {
            Err(self.expected(kind.name()))
        }
    }

    /// Consumes an identifier.
    fn ident(&mut self) -> PResult<Ident> {
        match &self.peek().kind {
            TokenKind::Ident(name) => {
                let name = name.clone();
                Ok(Ident { name, span: self.bump() })
            }
            _ => Err(self.expected(TokenKind::Ident(String::new()).name())),
        }
    }

    fn expected(&mut self, what: &str) -> Failed {
        let next = self.peek();
        let message = format!("expected next token to be {what}, got {} instead", next.kind);
        self.error_at(next.span.pos, message)
    }

    /// Records an error unless one is already recorded at `pos`.
    fn error_at(&mut self, pos: Pos, message: impl Into<String>) -> Failed {
        if self.error_positions.insert(pos) {
            self.errors.push(SourceError::new(pos, message));
        }
        Failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // ----- a compact printer: fully parenthesised operators, `;` between statements ----

    fn expr(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Ident(name) => name.clone(),
            ExprKind::Int(value) => value.to_string(),
            ExprKind::Str(text) => format!("{text:?}"),
            ExprKind::Bool(value) => value.to_string(),
            ExprKind::Null => "null".into(),
            ExprKind::Array(items) => format!("[{}]", exprs(items)),
            ExprKind::Hash(pairs) => {
                let pairs: Vec<_> = pairs.iter().map(|(k, v)| format!("{}: {}", expr(k), expr(v))).collect();
                format!("{{{}}}", pairs.join(", "))
            }
            ExprKind::Prefix { op, operand, .. } => format!("({}{})", op.symbol(), expr(operand)),
            ExprKind::Binary { op, left, right, .. } => format!("({} {} {})", expr(left), op.symbol(), expr(right)),
            ExprKind::Logical { op, left, right } => {
                let op = if *op == LogicalOp::And { "&&" } else { "||" };
                format!("({} {op} {})", expr(left), expr(right))
            }
            ExprKind::If { cond, then, otherwise } => match otherwise {
                None => format!("if {} {}", expr(cond), block(then)),
                Some(otherwise) => format!("if {} {} else {}", expr(cond), block(then), block(otherwise)),
            },
            ExprKind::Function { params, body, name } => {
                let name = name.as_deref().map(|n| format!("<{n}>")).unwrap_or_default();
                let params: Vec<_> = params.iter().map(|p| p.name.as_str()).collect();
                format!("fn{name}({}) {}", params.join(", "), block(body))
            }
            ExprKind::Call { callee, args, .. } => format!("{}({})", expr(callee), exprs(args)),
            ExprKind::Index { target, index, .. } => format!("({}[{}])", expr(target), expr(index)),
        }
    }

    fn exprs(items: &[Expr]) -> String {
        items.iter().map(expr).collect::<Vec<_>>().join(", ")
    }

    fn stmt(s: &Stmt) -> String {
        match &s.kind {
            StmtKind::Let { name, value } => format!("let {} = {}", name.name, expr(value)),
            StmtKind::Assign { target, op, value, .. } => {
                let target = match target {
                    AssignTarget::Name(name) => name.name.clone(),
                    AssignTarget::Index { target, index, .. } => format!("({}[{}])", expr(target), expr(index)),
                };
                format!("{target} {}= {}", op.map_or("", BinOp::symbol), expr(value))
            }
            StmtKind::Return(None) => "return".into(),
            StmtKind::Return(Some(value)) => format!("return {}", expr(value)),
            StmtKind::Expr(e) => expr(e),
            StmtKind::While { cond, body } => format!("while {} {}", expr(cond), block(body)),
            StmtKind::For { init, cond, update, body } => {
                let init = init.as_deref().map(stmt).unwrap_or_default();
                let cond = cond.as_ref().map(expr).unwrap_or_default();
                let update = update.as_deref().map(stmt).unwrap_or_default();
                format!("for ({init}; {cond}; {update}) {}", block(body))
            }
            StmtKind::ForIn { var, iter, body } => {
                let iter = match iter {
                    ForIter::Range { start, end, .. } => format!("{}..{}", expr(start), expr(end)),
                    ForIter::Expr(e) => expr(e),
                };
                format!("for ({} in {iter}) {}", var.name, block(body))
            }
            StmtKind::Break => "break".into(),
            StmtKind::Continue => "continue".into(),
        }
    }

    fn stmts(stmts: &[Stmt]) -> String {
        stmts.iter().map(stmt).collect::<Vec<_>>().join("; ")
    }

    fn block(b: &Block) -> String {
        if b.stmts.is_empty() {
            "{}".into()
        } else {
            format!("{{ {} }}", stmts(&b.stmts))
        }
    }

    fn program(src: &str) -> Program {
        parse(src).unwrap_or_else(|errors| panic!("errors in {src:?}: {errors:?}"))
    }

    /// The printed AST of `src`, which must parse.
    fn p(src: &str) -> String {
        stmts(&program(src).stmts)
    }

    /// The errors of `src`, which must not parse, as `line:col: message`.
    fn errors(src: &str) -> Vec<String> {
        match parse(src) {
            Ok(program) => panic!("{src:?} parsed as {}", stmts(&program.stmts)),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    /// The only statement of `src`, which must parse.
    fn only_stmt(src: &str) -> Stmt {
        let mut stmts = program(src).stmts;
        assert_eq!(stmts.len(), 1, "{src:?}");
        stmts.remove(0)
    }

    /// The expression of `src`, a single expression statement.
    fn only_expr(src: &str) -> Expr {
        match only_stmt(src).kind {
            StmtKind::Expr(e) => e,
            other => panic!("not an expression statement: {other:?}"),
        }
    }

    // ----- constructs -------------------------------------------------------------

    #[test]
    fn precedence() {
        let cases = [
            ("-a * b", "((-a) * b)"),
            ("!-a", "(!(-a))"),
            ("a + b + c", "((a + b) + c)"),
            ("a + b - c", "((a + b) - c)"),
            ("a * b * c", "((a * b) * c)"),
            ("a * b / c % d", "(((a * b) / c) % d)"),
            ("a + b / c", "(a + (b / c))"),
            ("a + b * c + d / e - f", "(((a + (b * c)) + (d / e)) - f)"),
            ("5 > 4 == 3 < 4", "((5 > 4) == (3 < 4))"),
            ("5 <= 4 != 3 >= 4", "((5 <= 4) != (3 >= 4))"),
            ("a < b < c", "((a < b) < c)"),
            ("a == b != c", "((a == b) != c)"),
            ("3 + 4 * 5 == 3 * 1 + 4 * 5", "((3 + (4 * 5)) == ((3 * 1) + (4 * 5)))"),
            ("a + b * c < d", "((a + (b * c)) < d)"),
            ("a || b && c", "(a || (b && c))"),
            ("a && b || c && d", "((a && b) || (c && d))"),
            ("a || b || c", "((a || b) || c)"),
            ("a == b && c != d", "((a == b) && (c != d))"),
            ("!a || -b < c", "((!a) || ((-b) < c))"),
            ("true != !false", "(true != (!false))"),
            ("1 + (2 + 3) + 4", "((1 + (2 + 3)) + 4)"),
            ("(5 + 5) * 2", "((5 + 5) * 2)"),
            ("-(5 + 5)", "(-(5 + 5))"),
            ("- -a", "(-(-a))"),
            ("-f(x)", "(-f(x))"),
            ("-a[0]", "(-(a[0]))"),
            ("a + add(b * c) + d", "((a + add((b * c))) + d)"),
            ("add(a, b, 1, 2 * 3, 4 + 5, add(6, 7 * 8))", "add(a, b, 1, (2 * 3), (4 + 5), add(6, (7 * 8)))"),
            ("a * [1, 2, 3, 4][b * c] * d", "((a * ([1, 2, 3, 4][(b * c)])) * d)"),
            ("add(a * b[2], b[1], 2 * [1, 2][1])", "add((a * (b[2])), (b[1]), (2 * ([1, 2][1])))"),
            ("f(x)(y)[0](z)", "(f(x)(y)[0])(z)"),
            ("a[0][1]", "((a[0])[1])"),
        ];
        for (src, want) in cases {
            assert_eq!(p(src), want, "{src}");
        }
    }

    #[test]
    fn literals() {
        assert_eq!(p(r#"5; true; false; null; x; "a\"b""#), r#"5; true; false; null; x; "a\"b""#);
        assert_eq!(p("[]; [1, 2 * 2, [x]]"), "[]; [1, (2 * 2), [x]]");
        assert_eq!(p(r#"{}; {"a": 1, true: 2 + 3, x: {}}"#), r#"{}; {"a": 1, true: (2 + 3), x: {}}"#);
        assert_eq!(only_expr("9223372036854775807").kind, ExprKind::Int(i64::MAX));
    }

    #[test]
    fn let_return_and_optional_semicolons() {
        assert_eq!(p("let x = 5; let y = x;"), "let x = 5; let y = x");
        assert_eq!(p("let x = 1 let y = 2 x y"), "let x = 1; let y = 2; x; y");
        assert_eq!(p("return; return 1 + 2; return"), "return; return (1 + 2); return");
        assert_eq!(p("fn() { return }"), "fn() { return }");
        assert_eq!(p("return\nx"), "return x");
        assert_eq!(p(""), "");
        assert_eq!(p("// nothing\n"), "");
    }

    #[test]
    fn if_expressions() {
        assert_eq!(p("if (x < y) { x }"), "if (x < y) { x }");
        assert_eq!(p("if (x) { 1 } else { 2; 3 }"), "if x { 1 } else { 2; 3 }");
        assert_eq!(p("if (a) { 1 } else if (b) { 2 } else { 3 }"), "if a { 1 } else { if b { 2 } else { 3 } }");
        assert_eq!(p("if (a) {} else if (b) {}"), "if a {} else { if b {} }");
        assert_eq!(p("let v = if (a) { 1 } else { 2 } + 1"), "let v = (if a { 1 } else { 2 } + 1)");
        assert_eq!(p("if (a) { 1 }\nelse { 2 }"), "if a { 1 } else { 2 }");
    }

    #[test]
    fn functions_and_calls() {
        assert_eq!(
            p("fn() {}; fn(x) { x }; fn(x, y, z) { x + y; z }"),
            "fn() {}; fn(x) { x }; fn(x, y, z) { (x + y); z }"
        );
        assert_eq!(p("add(1, 2 * 3, 4 + 5); f(); fn(x) { x }(5)"), "add(1, (2 * 3), (4 + 5)); f(); fn(x) { x }(5)");
        // Function literals are named after the variable they are bound or assigned to...
        assert_eq!(p("let f = fn(n) { f(n - 1) }"), "let f = fn<f>(n) { f((n - 1)) }");
        assert_eq!(p("g = fn() { 1 }"), "g = fn<g>() { 1 }");
        assert_eq!(p("let f = (fn() {})"), "let f = fn<f>() {}");
        // ...but only when the literal is the whole value.
        assert_eq!(p("let f = fn() { fn() {} }()"), "let f = fn() { fn() {} }()");
        assert_eq!(p("let a = [fn() {}]"), "let a = [fn() {}]");
        assert_eq!(p("h[0] = fn() {}; x += fn() {}"), "(h[0]) = fn() {}; x += fn() {}");
        // A nested function's own binding names it.
        assert_eq!(p("let f = fn() { let g = fn() {}; g }"), "let f = fn<f>() { let g = fn<g>() {}; g }");
    }

    #[test]
    fn assignments() {
        assert_eq!(p("x = 1; a[i] = 2; h[\"k\"] += 3"), "x = 1; (a[i]) = 2; (h[\"k\"]) += 3");
        assert_eq!(p("x -= 1; x *= 2; x /= 3; x %= 4"), "x -= 1; x *= 2; x /= 3; x %= 4");
        assert_eq!(p("a[0][1] = f(x)[2]"), "((a[0])[1]) = (f(x)[2])");
        assert_eq!(p("x = y == z"), "x = (y == z)");
        assert_eq!(p("(x) = 1"), "x = 1");
        for src in ["1 = 2", "f() = 1", "a + b = 1", "-x += 1", "\"s\" = 1", "[a] = 1", "(a == b) = 1"] {
            assert_eq!(errors(src), ["1:1: invalid assignment target"], "{src}");
        }
        assert_eq!(errors("x == 1 = 2"), ["1:1: invalid assignment target"]);
        // Assignment is a statement, not an expression.
        assert_eq!(errors("x = y = 1"), ["1:7: no prefix parse function for = found"]);
        assert_eq!(errors("f(x = 1)"), ["1:5: expected next token to be ), got = instead"]);
        assert_eq!(errors("let x += 1"), ["1:7: expected next token to be =, got += instead"]);
    }

    #[test]
    fn loops() {
        assert_eq!(p("while (i < 10) { i += 1; }"), "while (i < 10) { i += 1 }");
        assert_eq!(p("while (true) { break; continue }"), "while true { break; continue }");
        assert_eq!(p("for (let i = 0; i < 10; i += 1) { puts(i); }"), "for (let i = 0; (i < 10); i += 1) { puts(i) }");
        assert_eq!(p("for (;;) { break }"), "for (; ; ) { break }");
        assert_eq!(p("for (i = 0; ; f(i)) {}"), "for (i = 0; ; f(i)) {}");
        assert_eq!(p("for (f(); x; ) {}"), "for (f(); x; ) {}");
        assert_eq!(p("for (x in 0..n + 1) { continue }"), "for (x in 0..(n + 1)) { continue }");
        assert_eq!(p("for (x in a || b..-c) {}"), "for (x in (a || b)..(-c)) {}");
        assert_eq!(p("for (c in \"abc\") {}; for (x in f(a)[0]) {}"), "for (c in \"abc\") {}; for (x in (f(a)[0])) {}");
        assert_eq!(p("while (a) {}; while (b) {} x"), "while a {}; while b {}; x");
        assert_eq!(errors("for (;; let x = 1) {}"), ["1:9: no prefix parse function for LET found"]);
        assert_eq!(errors("for (x in 1..2..3) {}"), ["1:15: expected next token to be ), got .. instead"]);
        assert_eq!(errors("for (x in 1..) {}"), ["1:14: no prefix parse function for ) found"]);
        assert_eq!(errors("for (x; y) {}"), ["1:10: expected next token to be ;, got ) instead"]);
        assert_eq!(errors("while x {}"), ["1:7: expected next token to be (, got IDENT instead"]);
    }

    #[test]
    fn ranges_only_in_for_in_headers() {
        let message = "range is only allowed in a for-in header";
        assert_eq!(errors("let r = 1..2;"), [format!("1:10: {message}")]);
        assert_eq!(errors("for (x in (0..3)) {}"), [format!("1:13: {message}")]);
        assert_eq!(errors("for (x in f(0..3)) {}"), [format!("1:14: {message}")]);
        assert_eq!(errors("for (i = 0..3; ; ) {}"), [format!("1:11: {message}")]);
        assert_eq!(errors("for (x in [1..2]) {}"), [format!("1:13: {message}")]);
    }

    #[test]
    fn spans() {
        let s = only_stmt("let x = a + b * c;");
        assert_eq!((s.span.start, s.span.end), (0, 17));
        let StmtKind::Let { name, value } = s.kind else { panic!() };
        assert_eq!((name.span.start, name.span.end, name.span.pos), (4, 5, Pos::new(1, 5)));
        assert_eq!((value.span.start, value.span.end), (8, 17));
        let ExprKind::Binary { op_span, right, .. } = value.kind else { panic!() };
        assert_eq!(op_span.pos, Pos::new(1, 11));
        assert_eq!((right.span.start, right.span.end), (12, 17));

        let e = only_expr("(a + b) * c");
        assert_eq!((e.span.start, e.span.end), (0, 11));
        let ExprKind::Binary { left, op_span, .. } = e.kind else { panic!() };
        assert_eq!((left.span.start, left.span.end, op_span.pos.col), (0, 7, 9));

        let e = only_expr("f(1, 2)[0]");
        assert_eq!((e.span.start, e.span.end), (0, 10));
        let ExprKind::Index { target, bracket, .. } = e.kind else { panic!() };
        assert_eq!(bracket.pos, Pos::new(1, 8));
        let ExprKind::Call { paren, .. } = target.kind else { panic!() };
        assert_eq!(paren.pos, Pos::new(1, 2));

        let e = only_expr("\n  -x");
        assert!(matches!(e.kind, ExprKind::Prefix { op_span, .. } if op_span.pos == Pos::new(2, 3)));

        let s = only_stmt("  xs[\"ü\"] += 1;");
        assert_eq!((s.span.start, s.span.end, s.span.pos), (2, 15, Pos::new(1, 3)));
        let StmtKind::Assign { op_span, target: AssignTarget::Index { bracket, .. }, .. } = s.kind else { panic!() };
        assert_eq!((op_span.pos, op_span.start, bracket.pos), (Pos::new(1, 11), 11, Pos::new(1, 5)));

        let s = only_stmt("for (i in 0..10) {\n}");
        assert_eq!((s.span.start, s.span.end), (0, 20));
        let StmtKind::ForIn { iter: ForIter::Range { op_span, .. }, body, .. } = s.kind else { panic!() };
        assert_eq!((op_span.pos, body.span.pos, body.span.end), (Pos::new(1, 12), Pos::new(1, 18), 20));

        let e = only_expr("if (a) { 1 } else if (b) { 2 }");
        assert_eq!((e.span.start, e.span.end), (0, 30));
        let ExprKind::If { otherwise: Some(otherwise), .. } = e.kind else { panic!() };
        assert_eq!((otherwise.span.start, otherwise.span.end), (18, 30));

        let e = only_expr("fn(a) { a }");
        assert_eq!((e.span.start, e.span.end), (0, 11));
        let s = only_stmt("return;");
        assert_eq!((s.span.start, s.span.end), (0, 6));
    }

    // ----- errors -----------------------------------------------------------------

    #[test]
    fn book_error_messages() {
        let cases: [(&str, &str); 17] = [
            ("let x 5;", "1:7: expected next token to be =, got INT instead"),
            ("let = 10;", "1:5: expected next token to be IDENT, got = instead"),
            ("let 838383;", "1:5: expected next token to be IDENT, got INT instead"),
            ("let let = 1", "1:5: expected next token to be IDENT, got LET instead"),
            (")", "1:1: no prefix parse function for ) found"),
            ("puts(1;", "1:7: expected next token to be ), got ; instead"),
            ("if (x { 1 }", "1:7: expected next token to be ), got { instead"),
            ("if x { 1 }", "1:4: expected next token to be (, got IDENT instead"),
            ("fn(1) {}", "1:4: expected next token to be IDENT, got INT instead"),
            ("let x = fn;", "1:11: expected next token to be (, got ; instead"),
            ("let f = fn(x) {", "1:16: expected next token to be }, got EOF instead"),
            ("[1, 2", "1:6: expected next token to be ], got EOF instead"),
            ("{\"a\" 1}", "1:6: expected next token to be :, got INT instead"),
            ("else", "1:1: no prefix parse function for ELSE found"),
            ("x = in", "1:5: no prefix parse function for IN found"),
            ("1 +", "1:4: no prefix parse function for EOF found"),
            ("f(1,)", "1:5: no prefix parse function for ) found"),
        ];
        for (src, want) in cases {
            assert_eq!(errors(src), [want], "{src}");
        }
    }

    #[test]
    fn reports_every_error_with_positions() {
        let src = "let x = ;\nlet y 5;\nlet z = 3;\nputs(z;\nz";
        assert_eq!(
            errors(src),
            [
                "1:9: no prefix parse function for ; found",
                "2:7: expected next token to be =, got INT instead",
                "4:7: expected next token to be ), got ; instead",
            ]
        );
    }

    #[test]
    fn recovers_inside_blocks() {
        let src = "let f = fn(a) {\n  let b = a +;\n  return b\n};\nlet g = 1 +* 2;\nf(g)";
        assert_eq!(
            errors(src),
            ["2:14: no prefix parse function for ; found", "5:12: no prefix parse function for * found"]
        );
        // A block's error does not hide a later one in the same block.
        let src = "while (x) {\n  let = 1;\n  y = ;\n}";
        assert_eq!(
            errors(src),
            ["2:7: expected next token to be IDENT, got = instead", "3:7: no prefix parse function for ; found"]
        );
    }

    #[test]
    fn recovers_at_statement_keywords_on_new_lines() {
        // No `;` after the broken statement: recovery resumes at the `let` of line 2.
        assert_eq!(
            errors("let x = (1 +\nlet y = ;"),
            ["2:1: no prefix parse function for LET found", "2:9: no prefix parse function for ; found"]
        );
        // A broken header skips the loop body (nested braces included) up to the next line.
        let src = "while (x < ) {\n  if (a) { b }\n  let y = 1;\n}\nlet z = ;";
        assert_eq!(
            errors(src),
            ["1:12: no prefix parse function for ) found", "5:9: no prefix parse function for ; found"]
        );
        // On the same line, a keyword does not end the broken statement.
        assert_eq!(errors("let x = ) let y = ; z"), ["1:9: no prefix parse function for ) found"]);
    }

    #[test]
    fn recovery_skips_what_the_broken_statement_opened() {
        // The `;`s of a broken `for` header do not end the statement.
        assert_eq!(
            errors("for (i = 0..3; i < 3; i += 1) { x }\nlet y = ;"),
            ["1:11: range is only allowed in a for-in header", "2:9: no prefix parse function for ; found",]
        );
        assert_eq!(
            errors("for (x in 1..) { f(x); }; y = ;"),
            ["1:14: no prefix parse function for ) found", "1:31: no prefix parse function for ; found",]
        );
        // Nor do the `}`s of hash literals left open by the error.
        assert_eq!(
            errors("let h = {\"a\": {\"b\" 1}}; let y = ;"),
            ["1:20: expected next token to be :, got INT instead", "1:33: no prefix parse function for ; found",]
        );
        assert_eq!(
            errors(&format!("{}{}; x = ;", "{1: ".repeat(600), "}".repeat(600))),
            [
                format!("1:{}: nesting too deep", 4 * (MAX_NESTING - 1) + 2),
                "1:3007: no prefix parse function for ; found".to_owned(),
            ]
        );
    }

    #[test]
    fn stray_closing_braces_and_unclosed_blocks() {
        assert_eq!(
            errors("let x = 1; }\nlet y = ;"),
            ["1:12: no prefix parse function for } found", "2:9: no prefix parse function for ; found"]
        );
        assert_eq!(
            errors("}}}"),
            [
                "1:1: no prefix parse function for } found",
                "1:2: no prefix parse function for } found",
                "1:3: no prefix parse function for } found"
            ]
        );
        // Unclosed blocks at the end of input give one error, not one per block.
        assert_eq!(errors("fn() { fn() { fn() { if (x) {"), ["1:30: expected next token to be }, got EOF instead"]);
        assert_eq!(errors("if (a) { let = }"), ["1:14: expected next token to be IDENT, got = instead"]);
    }

    #[test]
    fn lexical_and_syntax_errors_together() {
        let src = "let a = \"x\\q\";\nlet b = @;\nlet c = 1 ==;\nlet d = \"open";
        assert_eq!(
            errors(src),
            [
                "1:11: unknown escape sequence: \\q",
                "2:9: illegal character '@'",
                "3:13: no prefix parse function for ; found",
                "4:9: unterminated string",
            ]
        );
        // The parser adds nothing at an ILLEGAL token the lexer already reported.
        assert_eq!(errors("f(1, @)"), ["1:6: illegal character '@'"]);
        assert_eq!(errors("let @ = 1"), ["1:5: illegal character '@'"]);
        assert_eq!(
            errors("let x = -9223372036854775808;"),
            ["1:10: could not parse \"9223372036854775808\" as integer"]
        );
        assert_eq!(errors("a ... b"), ["1:3: range is only allowed in a for-in header", "1:5: illegal character '.'"]);
    }

    // ----- robustness -------------------------------------------------------------

    fn nesting_errors(src: &str) -> Vec<String> {
        errors(src).into_iter().filter(|e| e.ends_with("nesting too deep")).collect()
    }

    #[test]
    fn nesting_within_the_limit_parses() {
        let n = 200;
        let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(p(&parens), "1");
        let blocks = format!("{}1{}", "fn() {".repeat(n), "}".repeat(n));
        assert!(program(&blocks).stmts.len() == 1);
        let sum = vec!["1"; MAX_NESTING as usize].join(" + ");
        assert!(program(&sum).stmts.len() == 1);
    }

    #[test]
    fn deep_recursion_is_an_error_not_a_crash() {
        let n = 100_000;
        let parens = format!("{}1{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(errors(&parens), ["1:501: nesting too deep"]);
        let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(errors(&arrays), ["1:501: nesting too deep"]);
        assert_eq!(errors(&format!("{}x", "-".repeat(n))), ["1:501: nesting too deep"]);
        assert_eq!(errors(&format!("{}x", "!".repeat(n))), ["1:501: nesting too deep"]);
        assert_eq!(errors(&"{".repeat(n)), ["1:501: nesting too deep"]);
        assert_eq!(errors(&format!("x{}", "[x".repeat(n))), ["1:1001: nesting too deep"]);
        // Statement nesting: every block and expression is a level.
        let blocks = format!("{}{}", "while (x) {".repeat(n), "}".repeat(n));
        assert_eq!(nesting_errors(&blocks), ["1:5508: nesting too deep"]);
        let funcs = format!("{}{}", "fn() {".repeat(n), "}".repeat(n));
        assert_eq!(nesting_errors(&funcs).len(), 1);
        let loops = format!("{}{}", "for (;;) {".repeat(n), "}".repeat(n));
        assert_eq!(nesting_errors(&loops), ["1:5010: nesting too deep"]);
        let calls = format!("{}1{}", "f(".repeat(n), ")".repeat(n));
        assert_eq!(nesting_errors(&calls), ["1:1001: nesting too deep"]);
        // The innermost block reports its too-deep statement and recovers; the next
        // `else if` then goes too deep as well.
        let ifs = format!("{}x", "if (x) { 1 } else ".repeat(n));
        assert_eq!(nesting_errors(&ifs), ["1:8974: nesting too deep", "1:8987: nesting too deep"]);
    }

    #[test]
    fn tall_trees_from_loops_are_an_error_not_a_crash() {
        // `1 + 1 + ...` is parsed iteratively but its tree is as tall as the sum is long.
        let sum = vec!["1"; 100_000].join(" + ");
        assert_eq!(errors(&sum), [format!("1:{}: nesting too deep", 3 + 4 * (MAX_NESTING - 1))]);
        let calls = format!("f{}", "()".repeat(100_000));
        assert_eq!(errors(&calls), [format!("1:{}: nesting too deep", 2 + 2 * (MAX_NESTING - 1))]);
        // Nesting chains in groups would otherwise multiply their heights.
        let mut nested = String::from("1");
        for _ in 0..400 {
            nested = format!("({nested}{})", " + 1".repeat(400));
        }
        assert_eq!(nesting_errors(&nested).len(), 1);
        let mut nested = String::from("1");
        for _ in 0..400 {
            nested = format!("[{nested}{}]", " + 1".repeat(400));
        }
        assert_eq!(nesting_errors(&nested).len(), 1);
    }

    /// A fixed-seed xorshift generator: reproducible pseudo-random inputs without crates.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn assert_well_formed(src: &str) {
        if let Err(errors) = parse(src) {
            assert!(!errors.is_empty());
            assert!(errors.windows(2).all(|w| w[0].pos < w[1].pos), "{src:?}: {errors:?}");
            assert!(errors.iter().all(|e| e.pos.line >= 1 && e.pos.col >= 1 && !e.message.is_empty()));
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..300 {
            let len = rng.below(200);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            assert_well_formed(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn random_token_soup_never_panics() {
        const PIECES: &[&str] = &[
            "let",
            "fn",
            "if",
            "else",
            "return",
            "while",
            "for",
            "in",
            "break",
            "continue",
            "true",
            "null",
            "x",
            "y",
            "0",
            "7",
            "99999999999999999999",
            "\"s\"",
            "\"\\q\"",
            "\"",
            "\\",
            "(",
            ")",
            "{",
            "}",
            "[",
            "]",
            ",",
            ";",
            ":",
            "=",
            "+=",
            "%=",
            "+",
            "-",
            "*",
            "/",
            "%",
            "!",
            "<",
            ">=",
            "==",
            "!=",
            "&&",
            "||",
            "..",
            ".",
            "@",
            "é",
            "\0",
            "//",
            " ",
            "\n",
            "\t",
        ];
        let mut rng = Rng(42);
        for _ in 0..400 {
            let len = rng.below(60);
            let src: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect::<Vec<_>>().join(" ");
            assert_well_formed(&src);
        }
    }
}
