//! Whole numbers as decimal text, without `core::fmt`: its formatting machinery would cost the
//! shipped wasm about 10 KB, and a `u32` is all the widget ever writes (an HTTP status in an
//! error code, a number when `Intl` is missing).

use crate::prelude::*;
pub fn decimal(n: u32) -> String {
    let mut digits = [0_u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    // `get`, not indexing: no panic path for the optimiser to keep (`at` is always in range:
    // a `u32` has at most ten digits).
    while let Some(digit) = at.checked_sub(1).and_then(|i| digits.get_mut(i)) {
        *digit = b'0' + u8::try_from(rest % 10).unwrap_or_default();
        at -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = digits.get(at..).unwrap_or_default();
    digits.iter().copied().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_like_display() {
        for n in [0, 1, 9, 10, 404, 65_535, 1_000_000, u32::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
