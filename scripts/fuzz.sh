#!/usr/bin/env bash
# Coverage-guided fuzzing of the lexer+parser, compiler, interpreter and native tier
# with cargo-fuzz (libFuzzer; fuzz/checks.rs says what each target checks).
#
#   bash scripts/fuzz.sh [seconds per target, default 60] [targets, default all]
#   bash scripts/fuzz.sh 600 native
#
# Needs a nightly toolchain (`rustup toolchain list`; libFuzzer's instrumentation and
# AddressSanitizer are nightly-only) and installs cargo-fuzz from crates.io if missing.
# The corpus grows in fuzz/corpus/<target>/ (seeded from every .monkey file of the
# repository); findings land in fuzz/artifacts/<target>/ and the run stops at the first.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse compile run native)

rustup run nightly rustc --version >/dev/null 2>&1 || { echo "fuzz: needs a nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz

for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  # Seed (again: cheap, and new programs join) from the repository's programs.
  find tests/programs bench/programs examples www/examples -name '*.monkey' -print0 |
    while IFS= read -r -d '' f; do cp "$f" "fuzz/corpus/$t/seed-$(echo "$f" | tr '/' '_')"; done
  echo "fuzz: $t for ${secs}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -dict=fuzz/monkey.dict -timeout=10 -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1
done
