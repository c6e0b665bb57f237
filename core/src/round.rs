//! Whole numbers from non-negative `f64`s, without libm: `core` has no float rounding on stable,
//! and libm's `ceil` and `round` are software versions (about 0.1 KB each in the shipped wasm),
//! where a cast and a comparison do for the values the widget rounds.

/// `value` rounded up, like `f64::ceil`, for a `value` from 0 to `u32::MAX` (saturating above,
/// 0 for NaN).
pub fn up(value: f64) -> u32 {
    // Truncates toward zero; for a non-negative value that is its floor.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = value as u32;
    if f64::from(whole) < value {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// `value` rounded to the nearest whole number, halves up, like `f64::round`, for a `value` from
/// 0 to `u32::MAX` (saturating above, 0 for NaN).
pub fn nearest(value: f64) -> u32 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = value as u32;
    // Exact: a double less its floor loses nothing.
    if value - f64::from(whole) >= 0.5 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_as_libm_does_from_zero_to_u32_max() {
        let values = [
            0.0,
            0.25,
            0.49999999999999994,
            0.5,
            0.5000000000000001,
            0.999,
            1.0,
            1.5,
            2.5,
            59.000001,
            3_600.0,
            86_399.5,
            4_294_967_294.5,
            4_294_967_295.0,
        ];
        // And a spread of fractions over the ranges the widget rounds.
        let spread = (0..20_000).map(|i| f64::from(i) * 0.137_5 + f64::from(i % 7) / 7.0);
        for value in values.into_iter().chain(spread) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let (ceil, round) = (libm::ceil(value) as u32, libm::round(value) as u32);
            assert_eq!(up(value), ceil, "up({value})");
            assert_eq!(nearest(value), round, "nearest({value})");
        }
    }

    #[test]
    fn saturates_like_a_cast() {
        assert_eq!(up(5e9), u32::MAX);
        assert_eq!(nearest(5e9), u32::MAX);
        assert_eq!(nearest(4_294_967_295.7), u32::MAX);
        assert_eq!((up(f64::NAN), nearest(f64::NAN)), (0, 0));
    }
}
