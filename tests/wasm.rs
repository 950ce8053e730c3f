//! Checks that only the Wasm build can make, run by `wasm-pack test --node`: the value
//! layout on wasm32, deep recursion ending in `stack overflow` rather than a trap, the
//! collector under a 32-bit address space, and the JS-facing bindings' behaviour.
//! (The whole corpus runs against the Wasm build in tests/js/corpus.test.mjs.)
#![cfg(target_arch = "wasm32")]

use monkey_jit::vm::value::{Value, PAYLOAD_OFFSET};
use monkey_jit::{run, Options, Tier};
use wasm_bindgen_test::wasm_bindgen_test;

fn interp(source: &str) -> monkey_jit::Outcome {
    run(source, &Options { tier: Tier::Interp, ..Options::default() })
}

#[wasm_bindgen_test]
fn value_layout_is_16_bytes_with_payload_at_8() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
    assert_eq!(std::mem::align_of::<Value>(), 8);
    assert_eq!(PAYLOAD_OFFSET, 8);
}

#[wasm_bindgen_test]
fn recursion_10000_deep_works_and_unbounded_recursion_is_an_error() {
    let deep = interp("let f = fn(n) { if (n == 0) { 0 } else { 1 + f(n - 1) } }; f(10000)");
    assert_eq!(deep.error, None);
    assert_eq!(deep.result.as_deref(), Some("10000"));
    let unbounded = interp("let f = fn(n) { f(n + 1) };\nf(0)");
    assert_eq!(unbounded.error.as_deref(), Some("runtime error at 1:18: stack overflow"));
}

/// A program that keeps more alive than the heap limit (1 GiB by default) ends in
/// `out of memory`. It used to run Wasm's 4 GiB address space out and trap.
#[wasm_bindgen_test]
fn keeping_more_than_the_heap_limit_alive_is_an_error_not_a_trap() {
    let out = interp("let f = fn(n) { let a = array(100000, n); if (n == 0) { return 0; } len(a) + f(n - 1) };\nf(5000)");
    assert_eq!(out.error.as_deref(), Some("runtime error at 1:79: out of memory: more than 1024 MiB live"));
}

#[wasm_bindgen_test]
fn garbage_is_collected_in_allocating_loops() {
    let out = interp("let keep = 0; for (i in 0..200000) { keep = [i, \"x\" + str(i)]; } keep[1]");
    assert_eq!(out.error, None);
    assert_eq!(out.result.as_deref(), Some("x199999"));
    assert!(out.stats.vm.heap.collections > 0);
    assert!(out.stats.vm.heap.peak_objects < 200_000);
}

#[wasm_bindgen_test]
fn integers_are_exact_64_bit() {
    let out = interp("puts(9223372036854775807 + 1, (-9223372036854775807 - 1) / -1, 4611686018427387904 * 2)");
    assert_eq!(out.stdout, "-9223372036854775808\n-9223372036854775808\n-9223372036854775808\n");
}

#[wasm_bindgen_test]
fn max_steps_stops_runaway_programs() {
    let out = run("let i = 0; while (true) { i += 1 }", &Options { tier: Tier::Interp, max_steps: Some(500), ..Options::default() });
    assert_eq!(out.error.as_deref(), Some("runtime error at 1:12: step limit exceeded"));
}
