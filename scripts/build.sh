#!/usr/bin/env bash
# Builds the WebAssembly package (pkg/web: the .wasm and its ESM glue from
# wasm-bindgen) and the native release binary (target/release/monkey), then checks the
# npm package's gzipped size against its budget. Cargo skips what is fresh, and
# wasm-bindgen runs only when the .wasm changed. Run scripts/setup.sh first (`npm run
# build` does both).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
wasm="$target_dir/wasm32-unknown-unknown/release/monkey_jit.wasm"
out=pkg/web

echo "build: wasm library"
cargo build --lib --release --target wasm32-unknown-unknown

if [ ! -f "$out/monkey_jit_bg.wasm" ] || [ "$wasm" -nt "$out/monkey_jit_bg.wasm" ]; then
  echo "build: wasm-bindgen -> $out"
  # Without the name section (Rust's function names: 19 of the .wasm's 272 kB gzipped;
  # profiles of the package show `wasm-function[N]`, so build with plain wasm-bindgen to
  # profile). wasm-opt -O1 (npm `binaryen`) saves 3 kB more but moves the interpreter's
  # speed by up to +-6% a program; -O2, -O3 and -Oz made it 1.7-1.9x slower. Built into a
  # temporary folder and moved in whole: an interrupted build leaves no newer, partial
  # package that the next build would take as fresh.
  rm -rf "$out.tmp"
  wasm-bindgen --target web --remove-name-section --out-dir "$out.tmp" "$wasm"
  rm -rf "$out" # no stale snippets/ left to ship
  mv "$out.tmp" "$out"
fi

echo "build: native binary"
cargo build --release --bin monkey --features native

# Size budget: every file the npm package ships from `files` (what `npm pack` would put in
# the tarball, less package.json and README.md), gzipped as a web server would (-9).
# Past the budget the build fails. The next lever is wasm-opt (above).
budget=300000
shipped=$(npm pack --dry-run --json --loglevel=error | node -e '
  const [pack] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const { path } of pack.files) if (path !== "package.json" && path !== "README.md") console.log(path);
')
total=0
for file in $shipped; do
  gzipped=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gzipped))
  printf 'build: %8d bytes, %7d gzipped  %s\n' "$(wc -c <"$file")" "$gzipped" "$file"
done
printf 'build: %16s%7d gzipped  in all (budget: %d)\n' "" "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  echo "build: error: the package is $total bytes gzipped, over the budget of $budget" >&2
  exit 1
fi
