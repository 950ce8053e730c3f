//! # monkey-jit
//!
//! The Monkey language (docs/language.md) as a bytecode VM that runs natively and as
//! WebAssembly, the base for JIT tiers that compile hot code to JavaScript (so that V8
//! compiles it again) or, natively, to machine code by copy-and-patch.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`syntax`] — source → tokens → AST, with spans; errors as values.
//! 2. [`compiler`] — AST → [`bytecode`]: name resolution, then code generation.
//! 3. [`vm`] — tier 0, the interpreter, and the runtime every tier shares (value
//!    layout, heap and collector, operations, builtins, printing).
//! 4. [`api`] — the embedding API the native CLI (`src/bin/monkey.rs`) and the Wasm
//!    bindings (`wasm.rs`) wrap.
//!
//! See ARCHITECTURE.md for the map and the invariants.

pub mod api;
pub mod bytecode;
mod clock;
pub mod compiler;
pub mod jit;
pub mod native;
pub mod syntax;
pub mod template;
pub mod vm;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use api::{disassemble, run, Options, Outcome, Session, Tier};
