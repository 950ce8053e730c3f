//! The front end: source text → tokens → AST.
//!
//! [`parse`] never panics: it returns the program or every syntax error of the file,
//! each as a [`SourceError`] printed `line:col: message`.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod span;
pub mod token;

pub use parser::parse;
pub use span::{Pos, SourceError, Span};
