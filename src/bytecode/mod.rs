//! Bytecode: the instruction set ([`opcodes`]), compiled functions ([`program`]),
//! the disassembler ([`disasm`]), the stack-depth verifier ([`verify`]) and the
//! liveness of locals ([`liveness`]).

pub mod disasm;
pub mod opcodes;
pub mod liveness;
pub mod program;
pub mod verify;

pub use opcodes::{encode, instructions, Instr, Op, Operand};
pub use program::{Capture, Constant, Globals, Program, Proto};

/// Every program in the repository (the corpus, the benchmarks, the playground's and the
/// CLI's examples) that compiles, for tests that check a property over all of them.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn repository_programs() -> Vec<(std::path::PathBuf, Program)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "monkey") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    for dir in ["tests/programs", "bench/programs", "www/examples", "examples"] {
        walk(&root.join(dir), &mut files);
    }
    files
        .into_iter()
        .filter_map(|file| {
            let source = std::fs::read_to_string(&file).ok()?;
            let ast = crate::syntax::parse(&source).ok()?;
            let mut program = Program::default();
            crate::compiler::compile(&mut program, &ast).ok()?;
            Some((file, program))
        })
        .collect()
}
