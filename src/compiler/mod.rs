//! The bytecode compiler: AST → [`Program`].
//!
//! Two passes, in order:
//! 1. [`resolve`] — name resolution: decides where every name lives (global, local,
//!    cell, captured) and reports `identifier not found`;
//! 2. [`codegen`] — emits bytecode, the line table and each function's stack size.

pub mod codegen;
pub mod resolve;

use crate::bytecode::Program;
use crate::syntax::{ast, SourceError};

/// Compile `ast` into `program` (which may already hold earlier REPL entries).
/// Returns the index of the new top-level function, or every compile error in source order.
pub fn compile(program: &mut Program, ast: &ast::Program) -> Result<u16, Vec<SourceError>> {
    let (resolution, mut errors) = resolve::resolve(ast, &mut program.globals);
    match codegen::generate(program, &resolution, ast) {
        Ok(main) if errors.is_empty() => Ok(main),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            errors.sort_by_key(|e| e.pos);
            errors.dedup();
            Err(errors)
        }
    }
}
