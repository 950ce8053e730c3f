//! The native CLI behaves as documented: `monkey run` (stdout contract, exit codes,
//! errors on stderr, `--dump`, `--stats`, `--max-steps`) and `monkey repl`.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn monkey(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_monkey"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn monkey");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for monkey")
}

fn program(name: &str, source: &str) -> String {
    let dir = std::env::temp_dir().join(format!("monkey-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, source).expect("write program");
    path.to_string_lossy().into_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_prints_exactly_what_puts_prints() {
    let file = program("ok.monkey", "puts(\"hi\", [1, \"a\"]);\nlet x = 41;\nx + 1\n");
    let out = monkey(&["run", &file], None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "hi\n[1, \"a\"]\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn runtime_error_goes_to_stderr_with_exit_code_1_and_keeps_output() {
    let file = program("rt.monkey", "puts(1);\nlet y = 1 / 0;\n");
    let out = monkey(&["run", &file, "--tier", "interp"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "1\n");
    assert_eq!(text(&out.stderr), "runtime error at 2:11: division by zero\n");
}

#[test]
fn syntax_errors_are_all_reported_and_nothing_runs() {
    let file = program("syn.monkey", "puts(1);\nlet = 5;\nlet y = );\n");
    let out = monkey(&["run", &file], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.starts_with("2:5: "), "{stderr}");
    assert!(stderr.lines().nth(1).is_some_and(|l| l.starts_with("3:9: ")), "{stderr}");
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = monkey(&["run", "/nonexistent/x.monkey"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("monkey: cannot read /nonexistent/x.monkey: "));
}

#[test]
fn dump_bytecode_and_stats_go_to_stderr() {
    let file = program("dump.monkey", "let f = fn(a) { a * 2 };\nputs(f(21));\n");
    let out = monkey(&["run", &file, "--dump=bytecode", "--stats"], None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "42\n");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("fn f(a)  params=1"), "{stderr}");
    assert!(stderr.contains("Mul"), "{stderr}");
    assert!(stderr.contains("calls:           2"), "{stderr}");
    // A program that does not compile: no listing, the errors once, and the statistics
    // still (they were left out when the listing was asked for: found by an audit).
    let bad = program("dump-bad.monkey", "let = 5;\n");
    let out = monkey(&["run", &bad, "--dump=bytecode", "--stats"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("tier:"), "{stderr}");
    assert_eq!(stderr.matches("1:5: ").count(), 1, "{stderr}");
}

#[test]
fn max_steps_stops_an_infinite_loop() {
    let file = program("inf.monkey", "puts(0);\nwhile (true) { }\n");
    let out = monkey(&["run", &file, "--max-steps", "1000"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "0\n");
    assert_eq!(text(&out.stderr), "runtime error at 2:1: step limit exceeded\n");
}

#[test]
fn max_heap_stops_a_program_that_keeps_too_much() {
    let file = program("oom.monkey", "puts(1);\nlet keep = [];\nwhile (true) { keep = push(keep, array(100000, 0)); }\n");
    let out = monkey(&["run", &file, "--max-heap", "16777216"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "1\n");
    assert_eq!(text(&out.stderr), "runtime error at 3:1: out of memory: more than 16 MiB live\n");
}

/// Without the native tier in the build, asking for it is a clear error.
#[test]
fn native_tier_runs_or_says_why_not() {
    let file = program("tier.monkey", "puts(6 * 7)");
    let out = monkey(&["run", &file, "--tier", "native"], None);
    if monkey_jit::native::AVAILABLE {
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(text(&out.stdout), "42\n");
    } else {
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("tier `native` is not in this build"), "{}", text(&out.stderr));
    }
}

/// `--dump=native` shows the machine code with a line per stencil; `--stats` the
/// native compile cost.
#[test]
fn native_dump_and_stats() {
    let file = program("dump.monkey", "let s = 0;\nfor (i in 0..10) { s = s + i; }\nputs(s);\n");
    // Without `--tier native` there is nothing to show: a usage error, not silence.
    let out = monkey(&["run", &file, "--dump=native"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--dump=native shows the native tier's code: it needs --tier native"), "{}", text(&out.stderr));
    if !monkey_jit::native::AVAILABLE {
        return;
    }
    let out = monkey(&["run", &file, "--tier", "native", "--dump=native", "--stats"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "45\n");
    let err = text(&out.stderr);
    assert!(err.contains("---- NATIVE"), "{err}");
    // The add's stencil, its disassembly, and its cold stub.
    assert!(err.contains("Add          stencil add"), "{err}");
    assert!(err.contains("; cold stubs"), "{err}");
    assert!(err.lines().any(|l| l.split_whitespace().nth(1) == Some("cmp")), "{err}");
    assert!(err.contains("native compile:"), "{err}");
    assert!(err.contains("ns/instruction"), "{err}");
}

#[test]
fn repl_keeps_globals_and_reads_multi_line_entries() {
    let input = "let x = 40;\nlet add = fn(a, b) {\n  a + b\n};\nadd(x, 2)\nputs(\"out\")\n1 / 0\nx\n";
    let out = monkey(&["repl"], Some(input));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("42\n"), "{stdout}");
    assert!(stdout.contains("out\n"), "{stdout}");
    assert!(stdout.contains("40\n"), "{stdout}");
    assert!(text(&out.stderr).contains("runtime error at 1:3: division by zero"));
}

/// An entry still open at the end of input is run, not dropped, and an error at an entry's
/// end is on its last line; an entry that does not compile defines nothing; `bench --runs 0`
/// is a usage error (found in review).
#[test]
fn repl_runs_an_open_entry_at_the_end_and_failed_entries_define_nothing() {
    let out = monkey(&["repl"], Some("let f = fn() { 1 }; nope\nf()\n1 +\n(1\n"));
    assert!(out.status.success());
    assert_eq!(
        text(&out.stderr),
        "1:21: identifier not found: nope\n1:1: identifier not found: f\n1:4: no prefix parse function for EOF found\n1:3: expected next token to be ), got EOF instead\n"
    );
    let file = program("runs0.monkey", "1");
    let bench = monkey(&["bench", &file, "--runs", "0"], None);
    assert_eq!(bench.status.code(), Some(2));
}

/// Memory is reclaimed: 1,000,000 iterations that each build a fresh string and a fresh
/// array stay under 100 MB peak RSS (issue: the collector must run in long loops).
#[test]
fn allocating_loop_stays_under_100_mb() {
    let file = program("alloc.monkey", "let keep = \"\";\nfor (i in 0..1000000) {\n  keep = \"item \" + str(i);\n  let a = [i, keep, [i]];\n}\nputs(keep);\n");
    let out = monkey(&["run", &file, "--stats"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "item 999999\n");
    let stderr = text(&out.stderr);
    let kib: u64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak rss:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no peak rss in {stderr}"));
    assert!(kib < 100 * 1024, "peak RSS {kib} KiB");
    assert!(stderr.contains("collections"), "{stderr}");
}

#[test]
fn output_to_a_reader_that_stopped_ends_the_run() {
    // The VM goes on past a failed write: printing in a loop to `| head` ran forever.
    let file = program("forever.monkey", "let i = 0; while (true) { puts(i); i = i + 1; }\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_monkey"))
        .args(["run", &file, "--tier", "interp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn monkey");
    let mut first = [0u8; 2];
    std::io::Read::read_exact(child.stdout.as_mut().expect("stdout"), &mut first).expect("read");
    assert_eq!(&first, b"0\n");
    drop(child.stdout.take());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("monkey kept running after its reader had gone");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    // A reader that stops early is not an error.
    assert!(status.success(), "{status}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().expect("stderr"), &mut stderr).expect("read stderr");
    assert_eq!(stderr, "");
}

#[test]
fn output_that_cannot_be_written_is_an_error() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let file = program("full.monkey", "puts(\"hi\");\n");
    for args in [vec!["run", &file], vec!["run", &file, "--json"], vec!["bench", &file, "--runs", "1", "--warmup", "0"], vec!["--help"], vec!["--version"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_monkey"))
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
            .output()
            .expect("run monkey");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(text(&out.stderr), "monkey: cannot write output: No space left on device (os error 28)\n", "{args:?}");
    }
}
