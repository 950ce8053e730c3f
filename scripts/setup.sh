#!/usr/bin/env bash
# Installs what building and testing monkey-jit needs, and nothing that is already there.
# `npm test` and `npm start` run it first; on a machine that has everything it takes a
# second or two. It expects rustup/cargo, node 20+ and npm, and downloads only from
# crates.io, the npm registry and Debian's packages.
#
# Steps, one line of output each:
#   1. the wasm32-unknown-unknown Rust target;
#   2. wasm-bindgen-cli at exactly the version Cargo.toml pins for the wasm-bindgen crate
#      (the CLI and the crate must match, or the generated glue does not load);
#   3. wasm-pack, for `wasm-pack test --node`;
#   4. the npm dev dependencies, when package-lock.json changed since the last install;
#   5. Debian's chromium at /usr/bin/chromium, for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH; install it first (see README.md)"
done

# Tools that `cargo install` puts in $CARGO_HOME/bin must be found by the later steps
# of `npm test` too, so this script checks PATH rather than extending it.
require_on_path() {
  command -v "$1" >/dev/null ||
    die "$1 was installed but is not on PATH: add ${CARGO_HOME:-$HOME/.cargo}/bin to PATH"
}

# 1. Rust target.
target=wasm32-unknown-unknown
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
say "rust target $target ok"

# 2. wasm-bindgen-cli, pinned by Cargo.toml's `wasm-bindgen = "=X"` line.
bindgen_version=$(sed -n 's/^wasm-bindgen *= *"=\([0-9][^"]*\)".*/\1/p' Cargo.toml)
[ -n "$bindgen_version" ] ||
  die 'Cargo.toml has no `wasm-bindgen = "=X.Y.Z"` line to take the wasm-bindgen-cli version from'
bindgen_installed() { wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true; }
installed=$(bindgen_installed)
if [ "$installed" != "$bindgen_version" ]; then
  force=()
  [ -n "$installed" ] && force=(--force)
  say "installing wasm-bindgen-cli $bindgen_version${installed:+ (replacing $installed)}"
  cargo install wasm-bindgen-cli --version "$bindgen_version" "${force[@]}"
  require_on_path wasm-bindgen
  installed=$(bindgen_installed)
  [ "$installed" = "$bindgen_version" ] ||
    die "wasm-bindgen on PATH ($(command -v wasm-bindgen)) is $installed, not $bindgen_version:" \
      "put ${CARGO_HOME:-$HOME/.cargo}/bin first on PATH"
fi
say "wasm-bindgen-cli $bindgen_version ok"

# 3. wasm-pack (any version: it uses the wasm-bindgen found on PATH above).
if ! wasm-pack --version >/dev/null 2>&1; then
  say "installing wasm-pack"
  cargo install wasm-pack
  require_on_path wasm-pack
fi
say "$(wasm-pack --version) ok"

# 4. npm dependencies. The stamp records the last successful install, so a changed
# lockfile (a dependency added or bumped) installs again.
stamp=.setup-stamp
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm_flags=(--no-audit --no-fund --loglevel=error)
  if [ -f package-lock.json ]; then
    npm ci "${npm_flags[@]}"
  else
    npm install "${npm_flags[@]}"
  fi
  touch "$stamp"
fi
say "npm dependencies ok"

# 5. Chromium for the browser tests (tests/js/package.test.mjs drives it through
# playwright-core, which never downloads a browser of its own). Needs root, as CI has.
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  command -v apt-get >/dev/null || die "/usr/bin/chromium is missing and there is no apt-get to install it"
  apt-get -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -qq install -y chromium
fi
say "$(/usr/bin/chromium --version 2>/dev/null) ok"
