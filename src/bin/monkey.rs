//! The native command-line interface: `monkey run`, `monkey repl`, `monkey bench`.
//!
//! Output contract (DESIGN.md): stdout carries exactly what `puts` prints; errors,
//! stats and dumps go to stderr; a failed program exits with status 1.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fmt;
    use std::io::{self, BufWriter, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::time::Instant;

    use clap::{Parser, Subcommand, ValueEnum};
    use monkey_jit::{api, Options, Session, Tier};

    #[derive(Parser)]
    #[command(name = "monkey", version, about = "The Monkey language: bytecode VM with JIT tiers")]
    #[command(after_help = "Examples:\n  monkey run bench/programs/fib30.monkey\n  monkey run prog.monkey --stats --dump=bytecode\n  monkey repl\n  monkey bench bench/programs/fib30.monkey --runs 10 --json")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum TierArg {
        Interp,
        Native,
        Auto,
    }

    impl From<TierArg> for Tier {
        fn from(t: TierArg) -> Tier {
            match t {
                TierArg::Interp => Tier::Interp,
                TierArg::Native => Tier::Native,
                TierArg::Auto => Tier::Auto,
            }
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Dump {
        /// The bytecode listing.
        Bytecode,
        /// The native tier's machine code, with stencil boundaries (`--tier native`).
        Native,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Run a program.
        Run {
            file: PathBuf,
            /// Execution tier.
            #[arg(long, value_enum, default_value = "auto")]
            tier: TierArg,
            /// Print timings and counters to stderr after the run.
            #[arg(long)]
            stats: bool,
            /// Print internal forms to stderr before running (comma-separated).
            #[arg(long, value_enum, value_delimiter = ',')]
            dump: Vec<Dump>,
            /// Stop with `step limit exceeded` after N loop iterations plus calls.
            #[arg(long, value_name = "N")]
            max_steps: Option<u64>,
            /// Stop with `out of memory` when more than BYTES are live after a collection
            /// (default 1 GiB).
            #[arg(long, value_name = "BYTES")]
            max_heap: Option<u64>,
            /// Print one JSON object `{stdout, result, error}` instead of streaming output
            /// (for tools and differential tests); the exit code is still 1 on error.
            #[arg(long)]
            json: bool,
        },
        /// Interactive session; globals persist between entries.
        Repl,
        /// Run a program repeatedly in-process and report median/min/max time.
        Bench {
            file: PathBuf,
            /// Timed runs, at least one.
            #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
            runs: u32,
            #[arg(long, default_value_t = 2)]
            warmup: usize,
            #[arg(long, value_enum, default_value = "auto")]
            tier: TierArg,
            /// One JSON line instead of text.
            #[arg(long)]
            json: bool,
        },
    }

    pub fn main() -> ExitCode {
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            // `--help` and `--version` print to standard output: through `output_failed`
            // (clap's own `exit` ignores a failed write).
            Err(e) if !e.use_stderr() => {
                write!(io::stdout(), "{}", e.render()).and_then(|_| io::stdout().flush()).unwrap_or_else(|e| output_failed(e));
                return ExitCode::SUCCESS;
            }
            Err(e) => e.exit(),
        };
        match cli.command {
            Command::Run { file, tier, stats, dump, max_steps, max_heap, json } => {
                let tier: Tier = tier.into();
                if dump.contains(&Dump::Native) && tier != Tier::Native {
                    // It would print nothing (an audit found that silent).
                    use clap::CommandFactory;
                    Cli::command().error(clap::error::ErrorKind::ArgumentConflict, "--dump=native shows the native tier's code: it needs --tier native").exit();
                }
                run(&file, tier, stats, &dump, Limits { max_steps, max_heap }, json)
            }
            Command::Repl => repl(),
            Command::Bench { file, runs, warmup, tier, json } => bench(&file, tier.into(), runs as usize, warmup, json),
        }
    }

    fn read(file: &Path) -> Result<String, ExitCode> {
        std::fs::read_to_string(file).map_err(|e| {
            eprintln!("monkey: cannot read {}: {e}", file.display());
            ExitCode::FAILURE
        })
    }

    /// Adapts a byte sink to `fmt::Write`; a write that fails ends the process
    /// ([`output_failed`]). The VM goes on past a sink's errors: a program printing in a
    /// loop to a reader that had gone (`monkey run prog | head`) ran forever.
    struct IoSink<W: Write>(W);

    impl<W: Write> fmt::Write for IoSink<W> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write_all(s.as_bytes()).unwrap_or_else(|e| output_failed(e));
            Ok(())
        }
    }

    /// Standard output failed: a reader that stopped early (a broken pipe) is not an
    /// error, so stop quietly, as the node CLI does; anything else (a full disk) is.
    fn output_failed(e: io::Error) -> ! {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Not `eprintln!`, which panics when standard error fails too.
        let _ = writeln!(io::stderr(), "monkey: cannot write output: {e}");
        std::process::exit(1)
    }

    /// `println!` to standard output, through [`output_failed`] (`println!` panics).
    macro_rules! say {
        ($($arg:tt)*) => {
            writeln!(io::stdout(), $($arg)*).unwrap_or_else(|e| output_failed(e))
        };
    }

    /// The resource limits of `run`.
    struct Limits {
        max_steps: Option<u64>,
        max_heap: Option<u64>,
    }

    fn run(file: &Path, tier: Tier, stats: bool, dump: &[Dump], limits: Limits, json: bool) -> ExitCode {
        let source = match read(file) {
            Ok(s) => s,
            Err(code) => return code,
        };
        // A program that does not compile has no listing: the run reports its errors
        // (after `--stats`, and in `--json`).
        if dump.contains(&Dump::Bytecode) {
            if let Ok(listing) = api::disassemble(&source) {
                eprint!("{listing}");
            }
        }
        let mut options = Options { tier, max_steps: limits.max_steps, max_heap: limits.max_heap, ..Options::default() };
        options.dumps.native = dump.contains(&Dump::Native);
        let outcome = if json {
            let outcome = api::run(&source, &options);
            let line = serde_json::json!({ "stdout": outcome.stdout, "result": outcome.result, "error": outcome.error });
            say!("{line}");
            outcome
        } else {
            let mut out = IoSink(BufWriter::new(io::stdout().lock()));
            let outcome = api::run_to(&source, &options, &mut out);
            out.0.flush().unwrap_or_else(|e| output_failed(e));
            outcome
        };
        eprint!("{}", outcome.dump);
        if stats {
            print_stats(&outcome.stats);
        }
        match outcome.error {
            Some(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
            None => ExitCode::SUCCESS,
        }
    }

    fn print_stats(stats: &api::Stats) {
        eprintln!("tier:            {}", stats.tier);
        eprintln!("parse:           {:.1} µs", stats.parse_us);
        eprintln!("compile:         {:.1} µs ({} functions, {} bytes of bytecode)", stats.compile_us, stats.functions, stats.bytecode_bytes);
        let n = stats.native;
        if n.functions > 0 {
            let per = if n.instructions > 0 { n.compile_us * 1e3 / n.instructions as f64 } else { 0.0 };
            eprintln!(
                "native compile:  {:.1} µs ({} functions, {} instructions, {} bytes of machine code; {per:.1} ns/instruction, {:.1} µs of it mmap+mprotect)",
                n.compile_us, n.functions, n.instructions, n.code_bytes, n.map_us
            );
            eprintln!("native entries:  {} from the interpreter, {} exits past the native call depth", n.entries, n.exits);
        }
        eprintln!("run:             {:.1} µs", stats.run_us);
        eprintln!("calls:           {}", stats.vm.calls);
        eprintln!("loop iterations: {}", stats.vm.loop_iterations);
        let h = stats.vm.heap;
        eprintln!("heap:            {} allocated, {} freed, {} collections, peak {} live objects", h.objects_allocated, h.objects_freed, h.collections, h.peak_objects);
        if let Some(kib) = peak_rss_kib() {
            eprintln!("peak rss:        {kib} KiB");
        }
    }

    /// The process's peak resident set size (Linux: `VmHWM` in /proc/self/status).
    fn peak_rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Whether `text` has more opening than closing brackets (outside strings and comments).
    fn unbalanced(text: &str) -> bool {
        let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
        for line in text.lines() {
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                if in_string {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '/' if chars.peek() == Some(&'/') => break,
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
            }
        }
        depth > 0 || in_string
    }

    fn repl() -> ExitCode {
        use rustyline::error::ReadlineError;
        let mut editor = match rustyline::DefaultEditor::new() {
            Ok(e) => e,
            Err(e) => {
                eprintln!("monkey: cannot start the line editor: {e}");
                return ExitCode::FAILURE;
            }
        };
        let history = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".monkey_history"));
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        let interactive = io::IsTerminal::is_terminal(&io::stdin());
        if interactive {
            say!("Monkey {} — enter expressions; a line with unbalanced brackets continues. Ctrl-D exits.", env!("CARGO_PKG_VERSION"));
        }
        let mut session = Session::new();
        // Lines joined with newlines; the last one's is left off, so that an error at the
        // end of the entry is reported on its last line, as the node REPL does.
        let eval = |session: &mut Session, source: &str| {
            let mut out = IoSink(io::stdout().lock());
            let result = session.eval(source, &mut out);
            drop(out);
            match result {
                Ok(value) if value != "null" => say!("{value}"),
                Ok(_) => {}
                Err(e) => eprintln!("{e}"),
            }
        };
        let mut entry = String::new();
        loop {
            let prompt = if entry.is_empty() { ">> " } else { ".. " };
            match editor.readline(prompt) {
                Ok(line) => {
                    if !entry.is_empty() {
                        entry.push('\n');
                    }
                    entry.push_str(&line);
                    if unbalanced(&entry) {
                        continue;
                    }
                    let source = std::mem::take(&mut entry);
                    if source.trim().is_empty() {
                        continue;
                    }
                    let _ = editor.add_history_entry(source.trim_end());
                    eval(&mut session, &source);
                }
                Err(ReadlineError::Interrupted) => entry.clear(),
                // An entry still open at the end of input is run (and fails with the
                // parser's error) rather than dropped.
                Err(ReadlineError::Eof) => {
                    if !entry.trim().is_empty() {
                        eval(&mut session, &std::mem::take(&mut entry));
                    }
                    break;
                }
                Err(e) => {
                    eprintln!("monkey: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        if let Some(h) = &history {
            let _ = editor.save_history(h);
        }
        ExitCode::SUCCESS
    }

    fn bench(file: &Path, tier: Tier, runs: usize, warmup: usize, json: bool) -> ExitCode {
        let source = match read(file) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let options = Options { tier, ..Options::default() };
        let mut times = Vec::with_capacity(runs);
        let mut last = api::Outcome::default();
        for i in 0..warmup + runs {
            let start = Instant::now();
            last = api::run(&source, &options);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            if i >= warmup {
                times.push(ms);
            }
        }
        if let Some(error) = &last.error {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
        times.sort_by(f64::total_cmp);
        let median = if times.len() % 2 == 1 { times[times.len() / 2] } else { (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0 };
        let (min, max) = (times[0], times[times.len() - 1]);
        if json {
            let line = serde_json::json!({
                "file": file.display().to_string(), "tier": last.stats.tier, "runs": times.len(),
                "median_ms": median, "min_ms": min, "max_ms": max, "stdout": last.stdout,
                "native": last.stats.native,
            });
            say!("{line}");
        } else {
            say!("{}: median {median:.2} ms, min {min:.2} ms, max {max:.2} ms over {} runs ({})", file.display(), times.len(), last.stats.tier);
        }
        ExitCode::SUCCESS
    }
}
