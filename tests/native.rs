//! The native tier beyond the corpus (which runs whole under `--tier native` in
//! tests/corpus.rs): W^X, exits to the interpreter, limits and the collector inside
//! native code, and counters that must equal the interpreter's.

use monkey_jit::{run, Options, Outcome, Tier};

fn both(source: &str, max_steps: Option<u64>) -> Option<(Outcome, Outcome)> {
    if !monkey_jit::native::AVAILABLE {
        eprintln!("skipped: {}", monkey_jit::native::UNAVAILABLE);
        return None;
    }
    let interp = run(source, &Options { tier: Tier::Interp, max_steps, ..Options::default() });
    let native = run(source, &Options { tier: Tier::Native, max_steps, ..Options::default() });
    assert_eq!(native.stats.tier, "native");
    assert_eq!((&native.stdout, &native.result, &native.error), (&interp.stdout, &interp.result, &interp.error), "native differs from the interpreter");
    Some((interp, native))
}

/// No mapping of the process is writable and executable at once, and the native code
/// lies in a read-execute mapping. (`native_tier`: the cfg build.rs sets when this build
/// has the native tier.)
/// Both for small code and for code of over 2 MiB (`cold_code`), which goes to a huge-page
/// aligned part of a larger mapping.
#[cfg(native_tier)]
#[test]
fn code_is_never_writable_and_executable() {
    for name in ["matmul", "cold_code"] {
        let source = std::fs::read_to_string(format!("{}/bench/programs/{name}.monkey", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut program = monkey_jit::bytecode::Program::default();
        monkey_jit::compiler::compile(&mut program, &monkey_jit::syntax::parse(&source).unwrap()).unwrap();
        let jit = monkey_jit::native::NativeJit::new(&program, false).expect("compiles");
        if name == "cold_code" {
            assert!(jit.stats.code_bytes > 2 << 20, "{:?}", jit.stats);
        }
        check_maps(jit.code_range());
    }
}

/// No mapping is writable and executable, and `code` is covered by read-execute
/// mappings (several: the kernel splits a mapping where huge pages begin and end).
#[cfg(native_tier)]
fn check_maps(code: std::ops::Range<usize>) {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps");
    let mut covered = 0;
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (range, perms) = (fields.next().unwrap(), fields.next().unwrap());
        assert!(!(perms.contains('w') && perms.contains('x')), "writable and executable: {line}");
        let (lo, hi) = range.split_once('-').unwrap();
        let (lo, hi) = (usize::from_str_radix(lo, 16).unwrap(), usize::from_str_radix(hi, 16).unwrap());
        let (from, to) = (lo.max(code.start), hi.min(code.end));
        if from < to {
            assert!(perms.starts_with("r-x"), "native code mapped {perms}: {line}");
            covered += to - from;
        }
    }
    assert_eq!(covered, code.len(), "native code at {code:x?} is not all mapped read-execute");
}

/// Past the native call depth the callee is left to the interpreter, which enters native
/// code again at its next call: the result is the same, and the exits are counted.
#[test]
fn deep_recursion_exits_to_the_interpreter_and_back() {
    let depth = monkey_jit::native::MAX_NATIVE_DEPTH * 3 + 7;
    let source = format!("let f = fn(n) {{ if (n == 0) {{ 0 }} else {{ 1 + f(n - 1) }} }};\nputs(f({depth}));\nf(10)");
    let Some((_, native)) = both(&source, None) else { return };
    assert_eq!(native.stdout, format!("{depth}\n"));
    assert!(native.stats.native.exits >= 3, "{:?}", native.stats.native);
    assert!(native.stats.native.entries > native.stats.native.exits, "{:?}", native.stats.native);
}

/// The step limit stops a loop in native code and a recursion in native code with the
/// interpreter's error, at the same step.
#[test]
fn step_limit_inside_native_code() {
    for source in ["let s = 0;\nwhile (true) { s = s + 1; }", "let f = fn(n) { f(n + 1) };\nf(0)", "let i = 0;\nwhile (i < 100) { puts(i); i = i + 1; }"] {
        let Some((_, native)) = both(source, Some(50)) else { return };
        assert!(native.error.as_deref().is_some_and(|e| e.contains("step limit exceeded")), "{source}: {:?}", native.error);
    }
}

/// The collector runs at the same safepoints as in the interpreter: same collections,
/// same peak, and memory stays bounded in an allocating loop.
#[test]
fn garbage_is_collected_in_native_loops() {
    let source = "let keep = [];\nlet i = 0;\nwhile (i < 200000) { let a = [i, i + 1, \"x\"]; if (i % 50000 == 0) { keep = push(keep, a); } i = i + 1; }\nlen(keep)";
    let Some((interp, native)) = both(source, None) else { return };
    assert_eq!(native.result.as_deref(), Some("4"));
    let (hi, hn) = (interp.stats.vm.heap, native.stats.vm.heap);
    assert!(hn.collections > 0);
    assert_eq!((hn.collections, hn.peak_objects, hn.objects_allocated), (hi.collections, hi.peak_objects, hi.objects_allocated));
    assert!(hn.peak_objects < 100_000, "{hn:?}");
}

/// Calls and loop iterations count the same in both.
#[test]
fn counters_match_the_interpreter() {
    let source = "let fib = fn(n) { if (n < 2) { n } else { fib(n - 1) + fib(n - 2) } };\nlet s = 0;\nfor (i in 0..100) { s = s + fib(i % 12); }\ns";
    let Some((interp, native)) = both(source, None) else { return };
    assert_eq!(native.stats.vm.calls, interp.stats.vm.calls);
    assert_eq!(native.stats.vm.loop_iterations, interp.stats.vm.loop_iterations);
    assert!(native.stats.native.instructions > 20 && native.stats.native.code_bytes > 0);
}

/// Runtime errors raised in helpers and in the middle of native frames report the
/// interpreter's position and text; output before them is kept.
#[test]
fn errors_inside_native_frames() {
    for source in [
        "let f = fn(x) { puts(x); x / 0 };\nlet g = fn(x) { 1 + f(x) };\ng(3)",
        "let a = [1, 2];\nlet f = fn() { a[\"k\"] };\nf()",
        "let f = fn(n) { if (n == 0) { -true } else { f(n - 1) } };\nf(2500)",
        "let h = {\"a\": 1};\nfor (i in 0..3) { h[[i]] = i; }",
    ] {
        let Some((_, native)) = both(source, None) else { return };
        assert!(native.error.is_some(), "{source}");
    }
}
