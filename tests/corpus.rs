//! The program corpus (`tests/programs/**/*.monkey`) under every tier this build has.
//!
//! Each program is one test case, named `<tier>::<category>/<name>`, and must produce
//! exactly the stdout, result and error of its `.expected` file (format in
//! tests/programs/README.md). The same files are checked against the Wasm build by
//! `tests/js/corpus.test.mjs`.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use monkey_jit::{run, Options, Tier};

/// What a program must produce.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    stdout: String,
    result: Option<String>,
    error: Option<String>,
}

fn parse_expected(text: &str) -> Result<Expected, String> {
    let mut sections: Vec<(&str, Vec<&str>)> = vec![];
    for line in text.lines() {
        match line.strip_prefix("-- ") {
            Some(name @ ("stdout" | "result" | "error")) => sections.push((name, vec![])),
            _ => match sections.last_mut() {
                Some((_, lines)) => lines.push(line),
                None => return Err(format!("text before the first section: {line:?}")),
            },
        }
    }
    let mut expected = Expected::default();
    for (name, lines) in sections {
        let body = lines.join("\n");
        match name {
            "stdout" => expected.stdout = body + "\n",
            "result" => expected.result = Some(body),
            _ => expected.error = Some(body),
        }
    }
    if expected.result.is_some() == expected.error.is_some() {
        return Err("exactly one of `-- result` and `-- error` must be present".into());
    }
    Ok(expected)
}

fn check(program: &Path, tier: Tier) -> Result<(), Failed> {
    let source = std::fs::read_to_string(program).map_err(|e| format!("{}: {e}", program.display()))?;
    let expected_path = program.with_extension("expected");
    let expected_text = std::fs::read_to_string(&expected_path).map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let expected = parse_expected(&expected_text).map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let outcome = run(&source, &Options { tier, ..Options::default() });
    let actual = Expected { stdout: outcome.stdout, result: outcome.result, error: outcome.error };
    if actual == expected {
        Ok(())
    } else {
        Err(format!("mismatch for {}\n--- expected\n{expected:#?}\n--- actual\n{actual:#?}", program.display()).into())
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "monkey") {
            out.push(path);
        }
    }
}

/// The tiers the corpus runs under in this build.
fn tiers() -> Vec<Tier> {
    [Tier::Interp, Tier::Template, Tier::Trace, Tier::Native].into_iter().filter(|t| t.resolve() == Some(*t)).collect()
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut programs = vec![];
    collect(&root, &mut programs);
    programs.sort();
    assert!(!programs.is_empty(), "no programs under {}", root.display());
    let mut trials = vec![];
    for tier in tiers() {
        for program in &programs {
            let name = program.strip_prefix(&root).unwrap_or(program).with_extension("");
            let program = program.clone();
            trials.push(Trial::test(format!("{}::{}", tier.name(), name.display()), move || check(&program, tier)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

