#!/usr/bin/env bash
# Builds the WebAssembly package (pkg/web: the .wasm and its ESM glue from
# wasm-bindgen) and the native release binary (target/release/monkey). Cargo skips what
# is fresh, and wasm-bindgen runs only when the .wasm changed. Run scripts/setup.sh
# first (`npm run build` does both).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
wasm="$target_dir/wasm32-unknown-unknown/release/monkey_jit.wasm"
out=pkg/web

echo "build: wasm library"
cargo build --lib --release --target wasm32-unknown-unknown

if [ ! -f "$out/monkey_jit_bg.wasm" ] || [ "$wasm" -nt "$out/monkey_jit_bg.wasm" ]; then
  echo "build: wasm-bindgen -> $out"
  wasm-bindgen --target web --out-dir "$out" "$wasm"
fi

echo "build: native binary"
cargo build --release --bin monkey

# Sizes as a browser downloads them: gzip -9, the usual server setting.
for file in "$out/monkey_jit_bg.wasm" "$out/monkey_jit.js"; do
  printf 'build: %-26s %8d bytes, %7d gzipped\n' "$file" "$(wc -c <"$file")" "$(gzip -9 -c "$file" | wc -c)"
done
