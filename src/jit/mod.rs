//! Tier 2: the tracing JIT. Hot loops are recorded, optimized as SSA IR and compiled to
//! JavaScript that V8 compiles again.
//!
//! The pipeline, in order:
//! 1. **hot-loop detection** — the interpreter counts each loop's back-edges
//!    ([`TraceJit::on_back_edge`]);
//! 2. [`record`] — the next iteration is recorded into [`ir`], specialised to the types,
//!    branch directions and callees it sees, with a snapshot at every guard;
//! 3. [`opt`] — the passes, one per file, in the order of [`opt::PASSES`];
//! 4. [`js`] — IR → JavaScript source, compiled with `new Function` by `runtime.js`;
//! 5. execution and exits — the interpreter enters the compiled trace at the loop's
//!    back-edge; a failing guard writes back its snapshot and the interpreter resumes
//!    exactly where the trace left (`exit.rs` rebuilds inlined frames).
//!
//! Dumps of each stage (`--dump=ir,ir-opt,js`) and [`Event`]s report what happened.

pub mod event;
pub mod ir;
pub mod js;
pub mod opt;
pub mod record;
pub mod runtime;
pub mod tier;

pub use event::Event;
pub use tier::{Dumps, TraceJit};
