//! The fuzz targets' checks (fuzz/checks.rs) on stable, without libFuzzer: every check
//! on every program of the corpus, the benchmark, the examples and the playground, and
//! on every input in `fuzz/regressions/` (what the fuzzers once found, kept so that it
//! stays fixed). `bash scripts/fuzz.sh` runs the same checks coverage-guided.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}

/// The inputs: `.monkey` files of the repository's program folders, and every file of
/// fuzz/regressions/ (raw bytes, not necessarily UTF-8).
fn inputs() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![];
    let monkey = |p: &Path| p.extension().is_some_and(|e| e == "monkey");
    for dir in ["tests/programs", "bench/programs", "examples", "www/examples"] {
        collect(&root.join(dir), &monkey, &mut paths);
    }
    let before = paths.len();
    collect(&root.join("fuzz/regressions"), &|p| p.file_name().is_none_or(|n| n != "README.md"), &mut paths);
    assert!(before > 300, "only {before} programs found");
    assert!(paths.len() > before, "fuzz/regressions/ is empty");
    paths.sort();
    paths.into_iter().map(|p| (p.clone(), std::fs::read(&p).expect("readable"))).collect()
}

fn each(check: fn(&[u8])) {
    for (path, data) in inputs() {
        // Name the input that failed; the check's own message says what failed.
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "the check failed on {}", path.display());
    }
}

#[test]
fn parse() {
    each(checks::parse);
}

#[test]
fn compile() {
    each(checks::compile);
}

#[test]
fn run() {
    each(checks::run);
}

#[test]
fn native() {
    each(checks::native);
}
