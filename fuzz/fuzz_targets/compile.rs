#![no_main]
//! See checks.rs: `compile`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::compile(data));
