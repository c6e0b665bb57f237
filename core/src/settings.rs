//! The widget's settings, validated before anything is mounted: a bad attribute is a clear
//! error for the page's developer, never a request to a wrong URL.

use std::fmt;

use crate::tracker::TrackerConfig;

/// The proxy route the widget polls unless told otherwise.
pub const DEFAULT_ENDPOINT: &str = "/v1/contacts/{contactId}/metrics";
pub const CONTACT_ID_PLACEHOLDER: &str = "{contactId}";
pub const DEFAULT_TIMEOUT_MS: u32 = 8_000;
/// Connect accepts IDs and ARNs of up to 256 characters.
const MAX_CONTACT_ID_LEN: usize = 256;
const POLL_SECONDS_RANGE: std::ops::RangeInclusive<f64> = 1.0..=3600.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The endpoint with the contact ID filled in, percent-encoded.
    pub url: String,
    /// Sent as `Authorization: Bearer <token>`.
    pub token: Option<String>,
    pub tracker: TrackerConfig,
    pub timeout_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    MissingContactId,
    ContactIdTooLong,
    EndpointWithoutPlaceholder,
    /// A token must be a single header value: visible ASCII, no spaces.
    InvalidToken,
    PollSecondsOutOfRange,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MissingContactId => "contact-id is required",
            Self::ContactIdTooLong => "contact-id is longer than 256 characters",
            Self::EndpointWithoutPlaceholder => "endpoint must contain {contactId}",
            Self::InvalidToken => "token must be visible ASCII characters without spaces",
            Self::PollSecondsOutOfRange => "poll-seconds must be a number from 1 to 3600",
        })
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    pub fn new(
        contact_id: &str,
        endpoint: Option<&str>,
        token: Option<&str>,
        poll_seconds: Option<f64>,
    ) -> Result<Self, SettingsError> {
        let contact_id = contact_id.trim();
        if contact_id.is_empty() {
            return Err(SettingsError::MissingContactId);
        }
        if contact_id.len() > MAX_CONTACT_ID_LEN {
            return Err(SettingsError::ContactIdTooLong);
        }
        let template = endpoint
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .unwrap_or(DEFAULT_ENDPOINT);
        if !template.contains(CONTACT_ID_PLACEHOLDER) {
            return Err(SettingsError::EndpointWithoutPlaceholder);
        }
        let token = token.map(str::trim).filter(|t| !t.is_empty());
        if token.is_some_and(|t| !t.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(SettingsError::InvalidToken);
        }
        let mut tracker = TrackerConfig::default();
        if let Some(seconds) = poll_seconds {
            if !POLL_SECONDS_RANGE.contains(&seconds) {
                return Err(SettingsError::PollSecondsOutOfRange);
            }
            // In range, so the product fits a u32 exactly enough.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let ms = (seconds * 1000.0).round() as u32;
            tracker.poll_interval_ms = ms;
        }
        Ok(Self {
            url: template.replace(CONTACT_ID_PLACEHOLDER, &percent_encode(contact_id)),
            token: token.map(str::to_owned),
            tracker,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        })
    }
}

/// Encodes everything but RFC 3986's unreserved characters, so an ARN's `/` and `:` stay
/// inside one path segment.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_default_endpoint() {
        let settings = Settings::new("c0ffee-1", None, Some(" tok "), None).unwrap();
        assert_eq!(settings.url, "/v1/contacts/c0ffee-1/metrics");
        assert_eq!(settings.token.as_deref(), Some("tok"));
        assert_eq!(settings.tracker.poll_interval_ms, 10_000);
    }

    #[test]
    fn encodes_arns_into_one_segment() {
        let settings = Settings::new(
            "arn:aws:connect:eu-west-2:1:instance/i/contact/c",
            Some("https://api.example.com/q/{contactId}"),
            None,
            Some(2.5),
        )
        .unwrap();
        assert_eq!(
            settings.url,
            "https://api.example.com/q/arn%3Aaws%3Aconnect%3Aeu-west-2%3A1%3Ainstance%2Fi%2Fcontact%2Fc"
        );
        assert_eq!(settings.tracker.poll_interval_ms, 2_500);
        assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    }

    #[test]
    fn rejects_bad_settings() {
        assert_eq!(
            Settings::new("  ", None, None, None),
            Err(SettingsError::MissingContactId)
        );
        assert_eq!(
            Settings::new(&"x".repeat(257), None, None, None),
            Err(SettingsError::ContactIdTooLong)
        );
        assert_eq!(
            Settings::new("c", Some("/metrics"), None, None),
            Err(SettingsError::EndpointWithoutPlaceholder)
        );
        assert_eq!(
            Settings::new("c", None, Some("a b"), None),
            Err(SettingsError::InvalidToken)
        );
        assert_eq!(
            Settings::new("c", None, Some("tok\n"), None)
                .unwrap()
                .token
                .as_deref(),
            Some("tok")
        );
        for bad in [0.5, 3601.0, f64::NAN, -1.0] {
            assert_eq!(
                Settings::new("c", None, None, Some(bad)),
                Err(SettingsError::PollSecondsOutOfRange)
            );
        }
    }
}
