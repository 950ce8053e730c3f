//! What the fuzz targets check, one function per target, on any byte input (read as
//! UTF-8, invalid sequences replaced). Each returns normally or panics: libFuzzer
//! reports the panic, a timeout or an out-of-memory as a finding.
//!
//! Shared by the cargo-fuzz binaries (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/fuzz_checks.rs`, which runs every check on stable over the program corpus and
//! over `fuzz/regressions/` (the inputs that once failed).
//!
//! - `parse`: the lexer and parser return an AST or errors, never panic, and every error
//!   position is inside the source (a line that exists, a column at most one past its
//!   end), so that the editor can put a marker there.
//! - `compile`: the compiler turns every AST into bytecode the verifier accepts
//!   (static stack depths, jumps inside the code) or into positioned errors; the
//!   disassembler prints any of it.
//! - `run`: the interpreter runs any program to a result or an error under a step
//!   budget, without panicking, and its errors have the documented forms.
//! - `native`: where the native tier is built, it gives exactly the interpreter's
//!   stdout, result and error on the same program.

#![allow(dead_code)]

use monkey_jit::bytecode::{disasm, verify, Program};
use monkey_jit::syntax::{self, SourceError};
use monkey_jit::{compiler, run as run_program, Options, Outcome, Tier};

/// Steps (loop iterations plus calls) each fuzzed program may take: enough for real
/// loops and recursion, small enough for hundreds of runs a second. Steps bound
/// iterations, not the work in one: a loop that appends to a growing string copies
/// quadratically (the fuzzer's first timeout, at 20,000 steps: 1.4 s natively, over 10 s
/// under AddressSanitizer; fuzz/regressions/native-quadratic-concatenation).
pub const MAX_STEPS: u64 = 5_000;

fn source(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Every error points into `source`: line in `1..=lines`, column in `1..=len+1`.
fn check_positions(source: &str, errors: &[SourceError]) {
    assert!(!errors.is_empty(), "an Err with no errors");
    let lines: Vec<&str> = source.split('\n').collect();
    for e in errors {
        let (line, col) = (e.pos.line as usize, e.pos.col as usize);
        assert!(line >= 1 && line <= lines.len(), "error `{e}` on line {line} of {}", lines.len());
        let width = lines[line - 1].chars().count();
        assert!(col >= 1 && col <= width + 1, "error `{e}` at column {col} of a line of {width} characters");
    }
}

pub fn parse(data: &[u8]) {
    let source = source(data);
    if let Err(errors) = syntax::parse(&source) {
        check_positions(&source, &errors);
        let _ = monkey_jit::api::format_errors(&errors);
    }
}

pub fn compile(data: &[u8]) {
    let source = source(data);
    let ast = match syntax::parse(&source) {
        Ok(ast) => ast,
        Err(_) => return,
    };
    let mut program = Program::default();
    match compiler::compile(&mut program, &ast) {
        Ok(_) => {
            for (i, proto) in program.protos.iter().enumerate() {
                if let Err(e) = verify::stack_depths(proto) {
                    panic!("function {i} ({}) fails verification: {e}\n{}", proto.name, disasm::disassemble(&program, 0));
                }
            }
            let _ = disasm::disassemble(&program, 0);
        }
        Err(errors) => check_positions(&source, &errors),
    }
}

fn run_in(source: &str, tier: Tier) -> Outcome {
    run_program(source, &Options { tier, max_steps: Some(MAX_STEPS), ..Options::default() })
}

/// The forms an error takes (docs/language.md): `line:col: message` lines for syntax and
/// compile errors, `runtime error at line:col: message`, or for the printed result
/// `runtime error: message`.
fn check_error_form(error: &str) {
    let positioned = |s: &str| {
        let mut parts = s.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col = parts.next().unwrap_or("");
        let ok = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        ok(line) && ok(col.trim_start()) && parts.next().is_some_and(|m| m.starts_with(' '))
    };
    let fine = if let Some(rest) = error.strip_prefix("runtime error at ") {
        positioned(rest)
    } else if error.starts_with("runtime error: ") {
        true
    } else {
        error.lines().all(positioned)
    };
    assert!(fine, "error in no documented form: {error:?}");
}

pub fn run(data: &[u8]) {
    let source = source(data);
    let outcome = run_in(&source, Tier::Interp);
    assert!(outcome.result.is_some() != outcome.error.is_some(), "a result and an error, or neither");
    if let Some(error) = &outcome.error {
        check_error_form(error);
    }
}

pub fn native(data: &[u8]) {
    if Tier::Native.resolve() != Some(Tier::Native) {
        return;
    }
    let source = source(data);
    let expected = run_in(&source, Tier::Interp);
    let got = run_in(&source, Tier::Native);
    assert_eq!(
        (&got.stdout, &got.result, &got.error),
        (&expected.stdout, &expected.result, &expected.error),
        "the native tier differs from the interpreter on:\n{source}"
    );
}
