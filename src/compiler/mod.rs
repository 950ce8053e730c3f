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
/// Returns the index of the new top-level function, or every compile error in source order;
/// then `program` is as it was (an entry that does not compile defines nothing).
pub fn compile(program: &mut Program, ast: &ast::Program) -> Result<u16, Vec<SourceError>> {
    let mark = program.mark();
    let (resolution, mut errors) = resolve::resolve(ast, &mut program.globals);
    let result = match codegen::generate(program, &resolution, ast) {
        Ok(main) if errors.is_empty() => Ok(main),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            SourceError::sort_by_position(&mut errors);
            errors.dedup();
            Err(errors)
        }
    };
    if result.is_err() {
        program.rollback(mark);
    }
    result
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::bytecode::{verify::stack_depths, Capture, Op};
    use crate::syntax::parse;

    /// `source` compiled (for tests: it must parse and compile).
    pub(crate) fn compiled(source: &str) -> Program {
        let ast = parse(source).expect("parses");
        let mut program = Program::default();
        compile(&mut program, &ast).expect("compiles");
        program
    }

    fn ops(program: &Program, proto: usize) -> Vec<Op> {
        crate::bytecode::instructions(&program.protos[proto].code).map(|i| i.op).collect()
    }

    #[test]
    fn only_captured_locals_become_cells() {
        let p = compiled("let f = fn(a, b) { let c = a; let d = b; fn() { c + a } };");
        let f = &p.protos[1];
        assert_eq!(f.captured, vec![true, false, true, false]);
        assert_eq!(p.protos[2].captures, vec![Capture::Local(2), Capture::Local(0)]);
        // The captured parameter is boxed on entry.
        assert_eq!(ops(&p, 1)[0], Op::MakeCell);
    }

    #[test]
    fn nested_captures_chain_through_free_variables() {
        let p = compiled("let f = fn() { let x = 1; fn() { fn() { x } } };");
        assert_eq!(p.protos[2].captures, vec![Capture::Local(0)]);
        assert_eq!(p.protos[3].captures, vec![Capture::Free(0)]);
    }

    #[test]
    fn top_level_names_are_globals_and_shadow_builtins() {
        let p = compiled("let len = 5; let f = fn() { len };");
        assert_eq!(p.globals.lookup("len"), Some(0));
        assert_eq!(ops(&p, 1), vec![Op::GetGlobal, Op::Return]);
    }

    #[test]
    fn break_inside_an_expression_pops_what_the_expression_pushed() {
        let p = compiled("let f = fn() { while (true) { let y = 1 + if (true) { break; } else { 2 }; } };");
        let depths = stack_depths(&p.protos[1]).expect("verifies");
        let code = &p.protos[1].code;
        for instr in crate::bytecode::instructions(code) {
            if instr.op == Op::Loop {
                assert_eq!(depths[instr.pc], Some(0), "the back-edge is at statement level");
            }
        }
        assert!(ops(&p, 1).windows(2).any(|w| w == [Op::Pop, Op::Jump]), "break pops the pending `1`");
    }

    #[test]
    fn compile_errors_are_all_reported_in_order() {
        let ast = parse("x;\nbreak;\nlet f = fn() { continue; y };").expect("parses");
        let mut program = Program::default();
        let errors = compile(&mut program, &ast).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["1:1: identifier not found: x", "2:1: break outside loop", "3:16: continue outside loop", "3:26: identifier not found: y"]
        );
    }

    /// Every function of every corpus program verifies: structured control flow, a
    /// static stack depth at every pc, never above the declared `max_stack`.
    #[test]
    fn every_corpus_program_verifies() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
        let mut dirs = vec![root];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("corpus dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "monkey") {
                    let source = std::fs::read_to_string(&path).expect("read");
                    let Ok(ast) = parse(&source) else { continue };
                    let mut program = Program::default();
                    if compile(&mut program, &ast).is_err() {
                        continue;
                    }
                    for proto in &program.protos {
                        if let Err(e) = stack_depths(proto) {
                            panic!("{}: fn {}: {e}", path.display(), proto.name);
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300, "only {checked} functions checked");
    }
}
