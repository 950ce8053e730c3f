//! Source positions.
//!
//! Every token and AST node carries a [`Span`]: a byte range into the source plus
//! the 1-based line and column of its first character. Columns count Unicode scalar
//! values (characters), not bytes, so that `line:col` in an error message matches
//! what an editor shows.

use std::fmt;

/// A 1-based line and column (columns in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A region of source text: byte offsets `start..end` and the position of `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub pos: Pos,
}

impl Span {
    pub const fn new(start: u32, end: u32, pos: Pos) -> Self {
        Span { start, end, pos }
    }

    /// The smallest span covering both `self` and `other` (position of the earlier one).
    pub fn to(self, other: Span) -> Span {
        if other.start < self.start {
            return other.to(self);
        }
        Span { start: self.start, end: self.end.max(other.end), pos: self.pos }
    }
}

/// An error found before execution (syntax or compile error), reported as `line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    pub pos: Pos,
    pub message: String,
}

impl SourceError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        SourceError { pos, message: message.into() }
    }

    /// Sorts errors into source order, keeping the order of errors at one position. The
    /// parser, the code generator and the compiler all sort through this one function
    /// (each stable sort instantiated apart is about 5 kB of Wasm).
    pub fn sort_by_position(errors: &mut [SourceError]) {
        errors.sort_by_key(|e| e.pos);
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}
