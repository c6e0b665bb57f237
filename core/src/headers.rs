//! The proxy's scheduling hints, parsed from response headers.
//!
//! `Retry-After` as the widget honours it: delay-seconds only. An HTTP-date would need the
//! client's clock to agree with the server's, which a customer's phone often does not.

use crate::bytes;

/// Longest hint taken at its word; a larger one is clamped so a typo cannot park a widget.
pub const MAX_RETRY_AFTER_SECONDS: u32 = 3600;

pub fn retry_after(value: &str) -> Option<u32> {
    let value = value.trim_ascii();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits only (checked above), folded with a ceiling rather than `str::parse`, whose error
    // handling costs the wasm more than this whole function.
    Some(value.bytes().fold(0, |seconds: u32, digit| {
        (seconds * 10 + u32::from(digit - b'0')).min(MAX_RETRY_AFTER_SECONDS)
    }))
}

/// `max-age` from a `Cache-Control` header, clamped like `Retry-After`.
pub fn max_age(cache_control: &str) -> Option<u32> {
    bytes::fields(cache_control, b",").find_map(|directive| {
        let (name, value) = bytes::split_once(directive, b'=')?;
        if name.trim_ascii().eq_ignore_ascii_case("max-age") {
            retry_after(bytes::trim_byte(value.trim_ascii(), b'"'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_delay_seconds() {
        assert_eq!(retry_after("7"), Some(7));
        assert_eq!(retry_after(" 0 "), Some(0));
        assert_eq!(
            retry_after("999999999999999999999999"),
            Some(MAX_RETRY_AFTER_SECONDS)
        );
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after("-3"), None);
        assert_eq!(retry_after(""), None);
    }

    #[test]
    fn reads_max_age() {
        assert_eq!(max_age("private, max-age=5"), Some(5));
        assert_eq!(max_age("Max-Age=\"12\", must-revalidate"), Some(12));
        assert_eq!(max_age("no-store"), None);
        assert_eq!(max_age("max-age=soon"), None);
        assert_eq!(max_age("s-maxage=9"), None);
    }
}
