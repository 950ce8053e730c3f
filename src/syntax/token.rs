//! Tokens: what the lexer produces and the parser consumes.
//!
//! A token is a [`TokenKind`] plus the [`Span`] of its text. Literal kinds carry their
//! already-converted value (the identifier's name, the integer, the string with its
//! escapes decoded), so the parser never looks at source text again.
//!
//! Error messages name tokens the way the book's Go implementation does, because
//! `docs/language.md` fixes that wording: punctuation by its text (`)`, `==`), literal
//! classes and keywords by an upper-case class name (`IDENT`, `INT`, `FUNCTION`).
//! [`TokenKind::name`] is that single mapping; `Display` uses it too.

use std::fmt;

use super::span::Span;

/// A token's kind, with the value of literal tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier: `[A-Za-z_][A-Za-z0-9_]*` that is not a keyword.
    Ident(String),
    /// A decimal integer literal that fits in an `i64` (never negative: `-` is a prefix
    /// operator). A literal that does not fit is reported by the lexer and becomes `Int(0)`.
    Int(i64),
    /// A string literal with its escapes decoded.
    Str(String),

    /// `let`
    Let,
    /// `fn`
    Fn,
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
    /// `if`
    If,
    /// `else`
    Else,
    /// `return`
    Return,
    /// `while`
    While,
    /// `for`
    For,
    /// `in`
    In,
    /// `break`
    Break,
    /// `continue`
    Continue,

    /// `=`
    Assign,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `!`
    Bang,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    LtEq,
    /// `>=`
    GtEq,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `&&`
    AndAnd,
    /// `||`
    OrOr,
    /// `+=`
    PlusAssign,
    /// `-=`
    MinusAssign,
    /// `*=`
    StarAssign,
    /// `/=`
    SlashAssign,
    /// `%=`
    PercentAssign,
    /// `..`
    DotDot,
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// `:`
    Colon,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,

    /// Text the lexer rejected (an illegal character or an unterminated string). The
    /// lexer has already reported it, so the parser reports nothing more at this token.
    Illegal,
    /// The end of the input. The lexer's token stream always ends with exactly one.
    Eof,
}

impl TokenKind {
    /// The keyword spelled `word`, if it is one.
    pub fn keyword(word: &str) -> Option<TokenKind> {
        Some(match word {
            "let" => TokenKind::Let,
            "fn" => TokenKind::Fn,
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            "null" => TokenKind::Null,
            "if" => TokenKind::If,
            "else" => TokenKind::Else,
            "return" => TokenKind::Return,
            "while" => TokenKind::While,
            "for" => TokenKind::For,
            "in" => TokenKind::In,
            "break" => TokenKind::Break,
            "continue" => TokenKind::Continue,
            _ => return None,
        })
    }

    /// The token's name in error messages: punctuation as written, everything else by
    /// its class in capitals (`expected next token to be ), got IDENT instead`).
    pub fn name(&self) -> &'static str {
        match self {
            TokenKind::Ident(_) => "IDENT",
            TokenKind::Int(_) => "INT",
            TokenKind::Str(_) => "STRING",
            TokenKind::Let => "LET",
            TokenKind::Fn => "FUNCTION",
            TokenKind::True => "TRUE",
            TokenKind::False => "FALSE",
            TokenKind::Null => "NULL",
            TokenKind::If => "IF",
            TokenKind::Else => "ELSE",
            TokenKind::Return => "RETURN",
            TokenKind::While => "WHILE",
            TokenKind::For => "FOR",
            TokenKind::In => "IN",
            TokenKind::Break => "BREAK",
            TokenKind::Continue => "CONTINUE",
            TokenKind::Assign => "=",
            TokenKind::Plus => "+",
            TokenKind::Minus => "-",
            TokenKind::Star => "*",
            TokenKind::Slash => "/",
            TokenKind::Percent => "%",
            TokenKind::Bang => "!",
            TokenKind::Lt => "<",
            TokenKind::Gt => ">",
            TokenKind::LtEq => "<=",
            TokenKind::GtEq => ">=",
            TokenKind::EqEq => "==",
            TokenKind::NotEq => "!=",
            TokenKind::AndAnd => "&&",
            TokenKind::OrOr => "||",
            TokenKind::PlusAssign => "+=",
            TokenKind::MinusAssign => "-=",
            TokenKind::StarAssign => "*=",
            TokenKind::SlashAssign => "/=",
            TokenKind::PercentAssign => "%=",
            TokenKind::DotDot => "..",
            TokenKind::Comma => ",",
            TokenKind::Semicolon => ";",
            TokenKind::Colon => ":",
            TokenKind::LParen => "(",
            TokenKind::RParen => ")",
            TokenKind::LBrace => "{",
            TokenKind::RBrace => "}",
            TokenKind::LBracket => "[",
            TokenKind::RBracket => "]",
            TokenKind::Illegal => "ILLEGAL",
            TokenKind::Eof => "EOF",
        }
    }

    /// Whether this keyword can only begin a statement. The parser's error recovery
    /// resumes at such a keyword when it starts a line.
    pub fn starts_statement(&self) -> bool {
        matches!(
            self,
            TokenKind::Let
                | TokenKind::Return
                | TokenKind::While
                | TokenKind::For
                | TokenKind::Break
                | TokenKind::Continue
        )
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A token and the source text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}
