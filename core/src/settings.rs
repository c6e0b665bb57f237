//! The widget's settings, validated before anything is mounted: a bad attribute is a clear
//! error for the page's developer, never a request to a wrong URL.

use crate::concat::concat;
use crate::prelude::*;
use core::fmt;

use crate::offers::Threshold;
use crate::options::{self, NumberRange};
use crate::session::SessionConfig;
use crate::wait::EwtStyle;

/// The proxy route the widget polls unless told otherwise.
pub const DEFAULT_ENDPOINT: &str = "/v1/contacts/{contactId}/metrics";
/// The proxy route for callbacks: `POST` with the customer's contact, `GET` with the callback's.
pub const DEFAULT_CALLBACK_ENDPOINT: &str = "/v1/contacts/{contactId}/callback";
pub const CONTACT_ID_PLACEHOLDER: &str = "{contactId}";
pub const DEFAULT_TIMEOUT_MS: u32 = 8_000;
/// Connect accepts IDs and ARNs of up to 256 characters.
const MAX_CONTACT_ID_LEN: usize = 256;

/// The options `mount()` takes that decide behaviour (the element maps its attributes onto them;
/// [`crate::options::OPTIONS`] lists them all). Numbers arrive as JavaScript numbers; a
/// non-numeric attribute arrives as NaN and is rejected here.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub contact_id: String,
    pub endpoint: Option<String>,
    pub token: Option<String>,
    pub poll_seconds: Option<f64>,
    pub ewt_style: Option<String>,
    pub max_wait_seconds: Option<f64>,
    pub callback_after_seconds: Option<f64>,
    pub callback_after_position: Option<f64>,
    pub self_service_after_seconds: Option<f64>,
    pub self_service_after_position: Option<f64>,
    pub announce_every_seconds: Option<f64>,
    pub timeout_seconds: Option<f64>,
    pub callback_endpoint: Option<String>,
    pub callback_country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The contact followed, as given (trimmed).
    pub contact_id: String,
    /// The endpoint with the contact ID filled in, percent-encoded.
    pub url: String,
    /// Sent as `Authorization: Bearer <token>`.
    pub token: Option<String>,
    pub session: SessionConfig,
    pub timeout_ms: u32,
    /// The callback route's template, `{contactId}` still in it.
    pub callback_endpoint: String,
    /// Where a number typed without a country code is read (ISO 3166-1 alpha-2), when the page
    /// says; else the widget takes the region of the page's or browser's language.
    pub callback_country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    MissingContactId,
    ContactIdTooLong,
    EndpointWithoutPlaceholder,
    CallbackEndpointWithoutPlaceholder,
    /// Not two letters.
    InvalidCountry,
    /// A token must be a single header value: visible ASCII, no spaces.
    InvalidToken,
    UnknownEwtStyle,
    /// The option's attribute and the range it takes.
    OutOfRange {
        attribute: &'static str,
        range: &'static str,
    },
}

impl SettingsError {
    /// For the page's developer. Built without `core::fmt` (see [`crate::decimal`]);
    /// `Display` says the same.
    pub fn message(&self) -> String {
        match self {
            Self::MissingContactId => "contact-id is required".into(),
            Self::ContactIdTooLong => "contact-id is longer than 256 characters".into(),
            Self::EndpointWithoutPlaceholder => "endpoint must contain {contactId}".into(),
            Self::CallbackEndpointWithoutPlaceholder => {
                "callback-endpoint must contain {contactId}".into()
            }
            Self::InvalidCountry => {
                "callback-country must be a two-letter country code, like US".into()
            }
            Self::InvalidToken => "token must be visible ASCII characters without spaces".into(),
            Self::UnknownEwtStyle => {
                "ewt-style must be approximate, less-than, range or precise".into()
            }
            Self::OutOfRange { attribute, range } => {
                concat(&[attribute, " must be a number from ", range])
            }
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for SettingsError {}

/// An optional number option, checked against its range in [`crate::options`].
struct Number(NumberRange);

impl Number {
    const fn of(name: &str) -> Self {
        Self(options::range(name))
    }

    fn read(&self, value: Option<f64>) -> Result<Option<f64>, SettingsError> {
        let Self(range) = self;
        match value {
            None => Ok(None),
            Some(v) if (range.min..=range.max).contains(&v) => Ok(Some(v)),
            Some(_) => Err(SettingsError::OutOfRange {
                attribute: range.attribute,
                range: range.text,
            }),
        }
    }

    /// Whole units (rounded up), for counts and seconds.
    fn whole(&self, value: Option<f64>) -> Result<Option<u32>, SettingsError> {
        // Range-checked first, so it fits.
        Ok(self.read(value)?.map(crate::round::up))
    }
}

impl Settings {
    pub fn new(options: &Options) -> Result<Self, SettingsError> {
        let contact_id = options.contact_id.trim_ascii();
        if contact_id.is_empty() {
            return Err(SettingsError::MissingContactId);
        }
        if contact_id.len() > MAX_CONTACT_ID_LEN {
            return Err(SettingsError::ContactIdTooLong);
        }
        let template = options
            .endpoint
            .as_deref()
            .map(str::trim_ascii)
            .filter(|e| !e.is_empty())
            .unwrap_or(DEFAULT_ENDPOINT);
        let url = fill_placeholder(template, &percent_encode(contact_id))
            .ok_or(SettingsError::EndpointWithoutPlaceholder)?;
        let token = options
            .token
            .as_deref()
            .map(str::trim_ascii)
            .filter(|t| !t.is_empty());
        if token.is_some_and(|t| !t.bytes().all(|b| b.is_ascii_graphic())) {
            return Err(SettingsError::InvalidToken);
        }

        let mut session = SessionConfig::default();
        if let Some(seconds) = const { Number::of("pollSeconds") }.read(options.poll_seconds)? {
            // In range, so the product fits a u32.
            session.tracker.poll_interval_ms = crate::round::nearest(seconds * 1000.0);
        }
        if let Some(style) = options
            .ewt_style
            .as_deref()
            .filter(|s| !s.trim_ascii().is_empty())
        {
            session.ewt_style = EwtStyle::parse(style).ok_or(SettingsError::UnknownEwtStyle)?;
        }
        if let Some(max) = const { Number::of("maxWaitSeconds") }.whole(options.max_wait_seconds)? {
            session.max_wait_seconds = max;
        }
        if let Some(every) =
            const { Number::of("announceEverySeconds") }.whole(options.announce_every_seconds)?
        {
            session.announce_every_seconds = every;
        }
        session.callback = Threshold {
            after_seconds: const { Number::of("callbackAfterSeconds") }
                .whole(options.callback_after_seconds)?,
            after_position: const { Number::of("callbackAfterPosition") }
                .whole(options.callback_after_position)?,
        };
        session.self_service = Threshold {
            after_seconds: const { Number::of("selfServiceAfterSeconds") }
                .whole(options.self_service_after_seconds)?,
            after_position: const { Number::of("selfServiceAfterPosition") }
                .whole(options.self_service_after_position)?,
        };
        let timeout_ms = const { Number::of("timeoutSeconds") }
            .whole(options.timeout_seconds)?
            .map_or(DEFAULT_TIMEOUT_MS, |s| s * 1000);
        let callback_endpoint = options
            .callback_endpoint
            .as_deref()
            .map(str::trim_ascii)
            .filter(|e| !e.is_empty())
            .unwrap_or(DEFAULT_CALLBACK_ENDPOINT);
        if fill_placeholder(callback_endpoint, "").is_none() {
            return Err(SettingsError::CallbackEndpointWithoutPlaceholder);
        }
        let callback_country = options
            .callback_country
            .as_deref()
            .map(str::trim_ascii)
            .filter(|c| !c.is_empty());
        if callback_country
            .is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return Err(SettingsError::InvalidCountry);
        }
        Ok(Self {
            contact_id: contact_id.to_owned(),
            url,
            token: token.map(str::to_owned),
            session,
            timeout_ms,
            callback_endpoint: callback_endpoint.to_owned(),
            callback_country: callback_country.map(str::to_ascii_uppercase),
        })
    }

    /// The callback route for `contact_id` (the customer's to ask, the callback's to follow).
    pub fn callback_url(&self, contact_id: &str) -> String {
        fill_placeholder(
            &self.callback_endpoint,
            &percent_encode(contact_id.trim_ascii()),
        )
        .unwrap_or_default()
    }
}

/// `template` with every `{contactId}` replaced, or `None` when it has none. By bytes rather
/// than `str::replace`, whose substring search costs the shipped wasm about 2 KB.
fn fill_placeholder(template: &str, value: &str) -> Option<String> {
    let needle = CONTACT_ID_PLACEHOLDER.as_bytes();
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len() + value.len());
    let (mut copied, mut at, mut found) = (0, 0, false);
    while at < bytes.len() {
        if bytes.get(at..).is_some_and(|rest| rest.starts_with(needle)) {
            // Cuts fall next to ASCII braces, so `get` always finds whole characters.
            out.push_str(template.get(copied..at).unwrap_or_default());
            out.push_str(value);
            at += needle.len();
            copied = at;
            found = true;
        } else {
            at += 1;
        }
    }
    out.push_str(template.get(copied..).unwrap_or_default());
    found.then_some(out)
}

/// Encodes everything but RFC 3986's unreserved characters, so an ARN's `/` and `:` stay
/// inside one path segment.
fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

#[cfg(test)]
mod tests;
