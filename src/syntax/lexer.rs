//! The lexer: source text to tokens.
//!
//! [`tokenize`] turns a whole source file into a token vector ending in
//! [`TokenKind::Eof`], together with every lexical error. Lexing the whole file up front
//! keeps the parser simple (arbitrary lookahead is an index) and costs nothing that
//! matters for programs of the size Monkey sees.
//!
//! The lexer never fails and never panics. A lexical error is recorded as a
//! [`SourceError`] and lexing continues with the next character, so that one run
//! reports every error in the file. The token emitted for the bad text is chosen to
//! keep the parser from reporting the same mistake again:
//! - an illegal character or an unterminated string becomes [`TokenKind::Illegal`],
//!   which the parser treats as already reported;
//! - an out-of-range integer becomes `Int(0)` and a string with an unknown escape keeps
//!   the escaped character, because those tokens are well-formed for the parser and
//!   parsing can carry on normally.
//!
//! Positions follow [`Span`]: byte offsets plus a 1-based line and a column counted in
//! characters. The input is `&str`, so it is valid UTF-8 by construction; the cursor is
//! a [`Chars`] iterator, which makes slicing in the middle of a character impossible.

use std::str::Chars;

use super::span::{Pos, SourceError, Span};
use super::token::{Token, TokenKind};

/// Splits `source` into tokens (the last one is always `Eof`) and lexical errors.
/// A byte-order mark at the start (some editors save one) is skipped, and does not count
/// as a column.
pub fn tokenize(source: &str) -> (Vec<Token>, Vec<SourceError>) {
    let mut chars = source.chars();
    if source.starts_with('\u{feff}') {
        chars.next();
    }
    let mut lexer = Lexer { src: source, chars, pos: Pos::new(1, 1), errors: Vec::new() };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token();
        let at_end = token.kind == TokenKind::Eof;
        tokens.push(token);
        if at_end {
            return (tokens, lexer.errors);
        }
    }
}

struct Lexer<'a> {
    src: &'a str,
    /// The unread rest of `src`.
    chars: Chars<'a>,
    /// The line and column of the next unread character.
    pos: Pos,
    errors: Vec<SourceError>,
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Token {
        self.skip_trivia();
        let (start, pos) = (self.offset(), self.pos);
        let kind = match self.bump() {
            None => TokenKind::Eof,
            Some(c) => self.token_kind(c, start, pos),
        };
        Token { kind, span: Span::new(offset_u32(start), offset_u32(self.offset()), pos) }
    }

    /// Lexes the token whose first character `c` (at byte `start`, position `pos`) has
    /// just been consumed.
    fn token_kind(&mut self, c: char, start: usize, pos: Pos) -> TokenKind {
        use TokenKind as T;
        match c {
            '=' => self.with_eq(T::EqEq, T::Assign),
            '!' => self.with_eq(T::NotEq, T::Bang),
            '<' => self.with_eq(T::LtEq, T::Lt),
            '>' => self.with_eq(T::GtEq, T::Gt),
            '+' => self.with_eq(T::PlusAssign, T::Plus),
            '-' => self.with_eq(T::MinusAssign, T::Minus),
            '*' => self.with_eq(T::StarAssign, T::Star),
            '/' => self.with_eq(T::SlashAssign, T::Slash),
            '%' => self.with_eq(T::PercentAssign, T::Percent),
            '&' if self.eat('&') => T::AndAnd,
            '|' if self.eat('|') => T::OrOr,
            '.' if self.eat('.') => T::DotDot,
            ',' => T::Comma,
            ';' => T::Semicolon,
            ':' => T::Colon,
            '(' => T::LParen,
            ')' => T::RParen,
            '{' => T::LBrace,
            '}' => T::RBrace,
            '[' => T::LBracket,
            ']' => T::RBracket,
            '"' => self.string(pos),
            '0'..='9' => self.integer(start, pos),
            'a'..='z' | 'A'..='Z' | '_' => {
                self.eat_while(|c| c.is_ascii_alphanumeric() || c == '_');
                let word = self.text_from(start);
                TokenKind::keyword(word).unwrap_or_else(|| T::Ident(word.to_owned()))
            }
            _ => self.illegal(pos, format!("illegal character '{}'", visible(c))),
        }
    }

    /// `with` if the next character is `=` (consuming it), otherwise `without`.
    fn with_eq(&mut self, with: TokenKind, without: TokenKind) -> TokenKind {
        if self.eat('=') {
            with
        } else {
            without
        }
    }

    /// A decimal literal; its first digit is consumed.
    fn integer(&mut self, start: usize, pos: Pos) -> TokenKind {
        self.eat_while(|c| c.is_ascii_digit());
        let digits = self.text_from(start);
        match digits.parse() {
            Ok(value) => TokenKind::Int(value),
            Err(_) => {
                self.error(pos, format!("could not parse \"{digits}\" as integer"));
                TokenKind::Int(0)
            }
        }
    }

    /// A string literal; the opening quote (at `open`) is consumed.
    fn string(&mut self, open: Pos) -> TokenKind {
        let mut text = String::new();
        loop {
            let pos = self.pos;
            match self.bump() {
                None => break,
                Some('"') => return TokenKind::Str(text),
                Some('\\') => {
                    let Some(c) = self.bump() else { break };
                    text.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '"' | '\\' => c,
                        _ => {
                            self.error(pos, format!("unknown escape sequence: \\{}", visible(c)));
                            c
                        }
                    });
                }
                Some(c) => text.push(c),
            }
        }
        self.illegal(open, "unterminated string")
    }

    /// Skips whitespace and `//` comments.
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\n' | '\r') => {
                    self.bump();
                }
                Some('/') if self.chars.as_str().starts_with("//") => self.eat_while(|c| c != '\n'),
                _ => return,
            }
        }
    }

    fn illegal(&mut self, pos: Pos, message: impl Into<String>) -> TokenKind {
        self.error(pos, message);
        TokenKind::Illegal
    }

    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(SourceError::new(pos, message));
    }

    fn peek(&self) -> Option<char> {
        self.chars.clone().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.pos = Pos::new(self.pos.line.saturating_add(1), 1);
        } else {
            self.pos.col = self.pos.col.saturating_add(1);
        }
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.bump();
        }
        found
    }

    fn eat_while(&mut self, mut pred: impl FnMut(char) -> bool) {
        while self.peek().is_some_and(&mut pred) {
            self.bump();
        }
    }

    /// Byte offset of the next unread character.
    fn offset(&self) -> usize {
        self.src.len() - self.chars.as_str().len()
    }

    /// The source text from byte `start` to the cursor.
    fn text_from(&self, start: usize) -> &'a str {
        self.src.get(start..self.offset()).unwrap_or_default()
    }
}

/// `c` as shown in an error message: itself, or an escape such as `\0` or `\u{200b}` if
/// it is invisible or would break the message's line.
fn visible(c: char) -> String {
    match c {
        '\\' | '\'' | '"' => c.to_string(),
        _ => c.escape_debug().to_string(),
    }
}

/// Spans store `u32` offsets; inputs over 4 GiB saturate rather than wrap.
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind as T;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let (tokens, errors) = tokenize(src);
        assert!(errors.is_empty(), "unexpected errors for {src:?}: {errors:?}");
        tokens.into_iter().map(|t| t.kind).collect()
    }

    fn errors(src: &str) -> Vec<String> {
        tokenize(src).1.iter().map(ToString::to_string).collect()
    }

    fn ident(name: &str) -> TokenKind {
        T::Ident(name.to_owned())
    }

    #[test]
    fn every_token() {
        let src = "let fn true false null if else return while for in break continue \
                   = + - * / % ! < > <= >= == != && || += -= *= /= %= .. , ; : ( ) { } [ ] \
                   x _y9 Z_ 0 42 \"s\"";
        let expected = vec![
            T::Let,
            T::Fn,
            T::True,
            T::False,
            T::Null,
            T::If,
            T::Else,
            T::Return,
            T::While,
            T::For,
            T::In,
            T::Break,
            T::Continue,
            T::Assign,
            T::Plus,
            T::Minus,
            T::Star,
            T::Slash,
            T::Percent,
            T::Bang,
            T::Lt,
            T::Gt,
            T::LtEq,
            T::GtEq,
            T::EqEq,
            T::NotEq,
            T::AndAnd,
            T::OrOr,
            T::PlusAssign,
            T::MinusAssign,
            T::StarAssign,
            T::SlashAssign,
            T::PercentAssign,
            T::DotDot,
            T::Comma,
            T::Semicolon,
            T::Colon,
            T::LParen,
            T::RParen,
            T::LBrace,
            T::RBrace,
            T::LBracket,
            T::RBracket,
            ident("x"),
            ident("_y9"),
            ident("Z_"),
            T::Int(0),
            T::Int(42),
            T::Str("s".into()),
            T::Eof,
        ];
        assert_eq!(kinds(src), expected);
    }

    #[test]
    fn maximal_munch_without_spaces() {
        assert_eq!(
            kinds("a<=b==c!=!d..e=-1"),
            vec![
                ident("a"),
                T::LtEq,
                ident("b"),
                T::EqEq,
                ident("c"),
                T::NotEq,
                T::Bang,
                ident("d"),
                T::DotDot,
                ident("e"),
                T::Assign,
                T::Minus,
                T::Int(1),
                T::Eof
            ]
        );
        // Keywords are whole words only; digits end before letters.
        assert_eq!(kinds("letx iffy 12ab"), vec![ident("letx"), ident("iffy"), T::Int(12), ident("ab"), T::Eof]);
    }

    #[test]
    fn comments_and_whitespace() {
        assert_eq!(kinds("1 // two 2\n\t3 /x// y\r\n"), vec![T::Int(1), T::Int(3), T::Slash, ident("x"), T::Eof]);
        assert_eq!(kinds("// only a comment"), vec![T::Eof]);
        assert_eq!(kinds(""), vec![T::Eof]);
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let (tokens, _) = tokenize("\"ü€\" x\n  \"a\nb\" y\tz");
        let at = |i: usize| (tokens[i].span.start, tokens[i].span.end, tokens[i].span.pos);
        assert_eq!(at(0), (0, 7, Pos::new(1, 1))); // "ü€" is 1 + 2 + 3 + 1 bytes
        assert_eq!(at(1), (8, 9, Pos::new(1, 6)));
        assert_eq!(at(2), (12, 17, Pos::new(2, 3))); // a string spanning lines
        assert_eq!(at(3), (18, 19, Pos::new(3, 4)));
        assert_eq!(at(4), (20, 21, Pos::new(3, 6))); // a tab is one column
        assert_eq!(at(5), (21, 21, Pos::new(3, 7))); // EOF sits after the last character
    }

    #[test]
    fn string_escapes_are_decoded() {
        assert_eq!(kinds(r#""a\nb\tc\rd\"e\\f""#), vec![T::Str("a\nb\tc\rd\"e\\f".into()), T::Eof]);
        assert_eq!(kinds("\"multi\nline\""), vec![T::Str("multi\nline".into()), T::Eof]);
        assert_eq!(kinds(r#""""#), vec![T::Str(String::new()), T::Eof]);
    }

    #[test]
    fn integer_range() {
        assert_eq!(kinds("9223372036854775807"), vec![T::Int(i64::MAX), T::Eof]);
        assert_eq!(kinds("007"), vec![T::Int(7), T::Eof]);
        assert_eq!(errors("9223372036854775808"), ["1:1: could not parse \"9223372036854775808\" as integer"]);
        assert_eq!(errors("x = -99999999999999999999;"), ["1:6: could not parse \"99999999999999999999\" as integer"]);
        // The bad literal still yields an INT token, so parsing continues normally.
        let (tokens, _) = tokenize("99999999999999999999 1");
        assert_eq!(tokens[0].kind, T::Int(0));
        assert_eq!(tokens[1].kind, T::Int(1));
    }

    #[test]
    fn lexical_errors_and_recovery() {
        assert_eq!(errors("a @ b"), ["1:3: illegal character '@'"]);
        // A byte-order mark at the start is skipped; anywhere else it is illegal.
        assert_eq!(errors("\u{feff}a @ b"), ["1:3: illegal character '@'"]);
        assert_eq!(errors("a \u{feff}"), ["1:3: illegal character '\\u{feff}'"]);
        assert_eq!(
            errors("\"ab\\q\" \"\\\n\""),
            ["1:4: unknown escape sequence: \\q", "1:9: unknown escape sequence: \\\\n"]
        );
        assert_eq!(errors("x\n  \"abc"), ["2:3: unterminated string"]);
        assert_eq!(
            errors("a & b | c . d ... é # $"),
            [
                "1:3: illegal character '&'",
                "1:7: illegal character '|'",
                "1:11: illegal character '.'",
                "1:17: illegal character '.'",
                "1:19: illegal character 'é'",
                "1:21: illegal character '#'",
                "1:23: illegal character '$'",
            ]
        );
        // Lexing continues after each error.
        let (tokens, errs) = tokenize("1 @ \"a\\qb\" 2");
        let kinds: Vec<_> = tokens.into_iter().map(|t| t.kind).collect();
        assert_eq!(kinds, vec![T::Int(1), T::Illegal, T::Str("aqb".into()), T::Int(2), T::Eof]);
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(errors("\0"), ["1:1: illegal character '\\0'"]);
        assert_eq!(errors("\\"), ["1:1: illegal character '\\'"]);
        assert_eq!(errors("\""), ["1:1: unterminated string"]);
        assert_eq!(errors("\"abc\\"), ["1:1: unterminated string"]);
        assert_eq!(errors("."), ["1:1: illegal character '.'"]);
        assert_eq!(kinds(".."), vec![T::DotDot, T::Eof]);
        let huge = "9".repeat(100_000);
        let (tokens, errs) = tokenize(&huge);
        assert_eq!((tokens.len(), errs.len()), (2, 1));
        let (tokens, errs) = tokenize("\u{200b}\u{feff}\r\u{7f}");
        assert_eq!(tokens.last().map(|t| t.span.pos), Some(Pos::new(1, 5)));
        assert_eq!(errs.len(), 3);
    }
}
