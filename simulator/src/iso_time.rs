//! ISO 8601 times as AWS writes them in JSON: with milliseconds (`2026-11-23T11:35:00.123Z`),
//! as the Participant Service and contact events' details do, or in whole seconds
//! (`2026-11-23T11:35:00Z`), as EventBridge writes an event's `time`.

use time::OffsetDateTime;
use time::macros::format_description;

/// `unix_seconds` with milliseconds. A time `time` cannot represent (years beyond 9999)
/// cannot come from a clock this century; it is written as the epoch, not a panic.
pub fn millis(unix_seconds: f64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at(unix_seconds)
        .and_then(|time| time.format(format).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00.000Z".to_owned())
}

/// `unix_seconds` in whole seconds (the milliseconds dropped).
pub fn seconds(unix_seconds: f64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at(unix_seconds.floor())
        .and_then(|time| time.format(format).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

fn at(unix_seconds: f64) -> Option<OffsetDateTime> {
    // `as` saturates (and takes NaN to 0), so only the multiplication can overflow.
    let millis = (unix_seconds * 1000.0).round() as i128;
    millis
        .checked_mul(1_000_000)
        .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(nanos).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes() {
        let t = 1_795_433_700.123_4;
        assert_eq!(millis(t), "2026-11-23T11:35:00.123Z");
        assert_eq!(seconds(t), "2026-11-23T11:35:00Z");
        assert_eq!(seconds(1e300), "1970-01-01T00:00:00Z");
    }
}
