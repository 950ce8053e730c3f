#![no_main]
//! See checks.rs: `native`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::native(data));
