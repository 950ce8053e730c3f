//! The native tier's benchmark: `cargo bench --features native`.
//!
//! For every program of the bundled suite (bench/programs): the median time of a whole
//! run (parse, compile, native compile, run) under the native interpreter and under the
//! native tier, measured interleaved (one run of each per round, so drift on a noisy
//! machine hits both alike), their ratio, and the geometric mean of the ratios. Then the
//! native compiler alone: for each program the median over repeated compiles of the
//! whole program (size pass, mmap, copy and patch, mprotect, munmap), in ns per bytecode
//! instruction. Arguments: `[--runs N] [FILES...]`.
//!
//! A plain harness rather than criterion: the figures that matter are ratios between two
//! tiers measured in the same rounds, and compile cost per instruction, which criterion's
//! per-function statistics do not give directly; this keeps `cargo test` from building
//! criterion's dependency tree too.

use std::time::Instant;

use monkey_jit::bytecode::Program;
use monkey_jit::{compiler, run, syntax, Options, Tier};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

fn main() {
    if !monkey_jit::native::AVAILABLE {
        eprintln!("{}", monkey_jit::native::UNAVAILABLE);
        std::process::exit(1);
    }
    let mut runs = 7;
    let mut files = vec![];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--bench" => {}
            _ => files.push(std::path::PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/programs");
        files = std::fs::read_dir(dir).expect("bench/programs").filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "monkey")).collect();
        files.sort();
    }
    let interp = Options { tier: Tier::Interp, ..Options::default() };
    let native = Options { tier: Tier::Native, ..Options::default() };
    println!("{:<16} {:>12} {:>12} {:>14}  output", "program", "interp ms", "native ms", "interp/native");
    let mut log_sum = 0.0;
    let mut compiled = vec![];
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(file).expect("read program");
        let (mut ti, mut tn) = (vec![], vec![]);
        let (reference, out) = (run(&source, &interp), run(&source, &native));
        let same = reference.stdout == out.stdout && reference.result == out.result && reference.error == out.error;
        for round in 0..runs {
            for k in 0..2 {
                let (options, times) = if (round + k) % 2 == 0 { (&interp, &mut ti) } else { (&native, &mut tn) };
                let start = Instant::now();
                std::hint::black_box(run(&source, options));
                times.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
        let (mi, mn) = (median(ti), median(tn));
        log_sum += (mi / mn).ln();
        println!("{name:<16} {mi:>12.2} {mn:>12.2} {:>13.2}x  {}", mi / mn, if same { "match" } else { "DIFFERS" });
        let ast = syntax::parse(&source).expect("parses");
        let mut program = Program::default();
        compiler::compile(&mut program, &ast).expect("compiles");
        compiled.push((name, program));
    }
    println!("{:<16} {:>12} {:>12} {:>13.2}x", "geomean", "", "", (log_sum / files.len() as f64).exp());

    // Compile cost, twice: each compile in a fresh mapping (mmap, populate, write,
    // mprotect, and the munmap of the last one), and reusing the mapping the last
    // program's code left (mprotect to writable, write, mprotect to executable), which
    // is what a session that runs program after program pays.
    println!("\nnative compile (whole program: size pass, mapping, copy and patch, mprotect; median of {COMPILE_REPS})");
    println!("{:<16} {:>12} {:>12} {:>14} {:>10} {:>14} {:>10}", "program", "instructions", "code bytes", "fresh µs", "ns/instr", "reused µs", "ns/instr");
    let (mut fresh_ns, mut reused_ns, mut all_instr) = (0.0, 0.0, 0u64);
    for (name, program) in &compiled {
        let mut stats = Default::default();
        let mut time = |fresh: bool| {
            let mut times = vec![];
            for _ in 0..COMPILE_REPS {
                let start = Instant::now();
                if fresh {
                    monkey_jit::native::emit::release_spare();
                }
                let jit = monkey_jit::native::NativeJit::new(program, false).expect("native compile");
                stats = jit.stats;
                drop(std::hint::black_box(jit));
                times.push(start.elapsed().as_secs_f64() * 1e6);
            }
            median(times)
        };
        let (fresh, reused) = (time(true), time(false));
        let stats: monkey_jit::native::NativeStats = stats;
        fresh_ns += fresh * 1e3;
        reused_ns += reused * 1e3;
        all_instr += stats.instructions;
        let per = |us: f64| us * 1e3 / stats.instructions as f64;
        println!("{name:<16} {:>12} {:>12} {fresh:>14.1} {:>10.1} {reused:>14.1} {:>10.1}", stats.instructions, stats.code_bytes, per(fresh), per(reused));
    }
    let n = all_instr as f64;
    println!("{:<16} {all_instr:>12} {:>12} {:>14.1} {:>10.1} {:>14.1} {:>10.1}", "all", "", fresh_ns / 1e3, fresh_ns / n, reused_ns / 1e3, reused_ns / n);
}

/// Compiles timed per program and way.
const COMPILE_REPS: usize = 200;
