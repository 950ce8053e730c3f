//! Integer semantics of the dialect, in plain `core` Rust.
//!
//! The one definition of what `+ - * / %`, comparison and negation do to two `i64`s:
//! [`ops::int_arith`](super::ops::int_arith) and the interpreter's fast paths call these,
//! and the native tier's stencils (`src/native/stencils.rs`, compiled by build.rs as a
//! separate `no_std` object) include this very file, so machine code and interpreter
//! cannot drift apart. `None` means "not an integer result": division by zero, which the
//! callers report as an error (the stencils leave it to their slow path).
//!
//! Nothing here may use `std` or anything outside this file.

#[inline(always)]
pub fn add(x: i64, y: i64) -> i64 {
    x.wrapping_add(y)
}

#[inline(always)]
pub fn sub(x: i64, y: i64) -> i64 {
    x.wrapping_sub(y)
}

#[inline(always)]
pub fn mul(x: i64, y: i64) -> i64 {
    x.wrapping_mul(y)
}

/// Truncating division; `i64::MIN / -1` wraps to `i64::MIN`.
#[inline(always)]
pub fn div(x: i64, y: i64) -> Option<i64> {
    if y == 0 {
        None
    } else {
        Some(x.wrapping_div(y))
    }
}

/// Remainder with the sign of the dividend; `i64::MIN % -1` is 0.
#[inline(always)]
pub fn rem(x: i64, y: i64) -> Option<i64> {
    if y == 0 {
        None
    } else {
        Some(x.wrapping_rem(y))
    }
}

#[inline(always)]
pub fn neg(x: i64) -> i64 {
    x.wrapping_neg()
}
