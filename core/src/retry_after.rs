//! `Retry-After` as the widget honours it: delay-seconds only. An HTTP-date would need the
//! client's clock to agree with the server's, which a customer's phone often does not.

/// Longest hint taken at its word; a larger one is clamped so a typo cannot park a widget.
pub const MAX_RETRY_AFTER_SECONDS: u32 = 3600;

pub fn parse(value: &str) -> Option<u32> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().map_or(MAX_RETRY_AFTER_SECONDS, |s| {
        u32::try_from(s)
            .unwrap_or(u32::MAX)
            .min(MAX_RETRY_AFTER_SECONDS)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_delay_seconds() {
        assert_eq!(parse("7"), Some(7));
        assert_eq!(parse(" 0 "), Some(0));
        assert_eq!(
            parse("999999999999999999999999"),
            Some(MAX_RETRY_AFTER_SECONDS)
        );
        assert_eq!(parse("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse("-3"), None);
        assert_eq!(parse(""), None);
    }
}
