//! A microsecond clock that works natively and in Wasm (where `std::time::Instant`
//! is unavailable): `performance.now()` in JS hosts.

#[cfg(not(target_arch = "wasm32"))]
pub fn now_us() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e6
}

#[cfg(target_arch = "wasm32")]
pub fn now_us() -> f64 {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }
    performance_now() * 1000.0
}
