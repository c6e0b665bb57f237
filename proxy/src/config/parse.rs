//! The value parsers flags share, and the ranges they check.

use std::path::PathBuf;

use phonenumber::country::Id;

use crate::callback::{self, phone::NumberKind};
use waitline_core::connect_id::is_uuid;

/// `scheme://host[:port]`, nothing more: CORS compares origins exactly. Parsed by `url` (the
/// WHATWG URL standard browsers follow), then written back as the browser's `Origin` header
/// would be: lowercase host, no default port, no trailing slash.
pub(super) fn origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value == "*" {
        return Err(
            "a wildcard origin would let any site read contacts' metrics; list the origins".into(),
        );
    }
    let not_origin = || format!("`{value}` is not an origin like https://support.example.com");
    let url = url::Url::parse(value).map_err(|_| not_origin())?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    let credentials = !url.username().is_empty() || url.password().is_some();
    let wildcard = url.host_str().is_some_and(|host| host.contains('*'));
    if !matches!(url.scheme(), "http" | "https") || !bare || credentials || wildcard {
        return Err(not_origin());
    }
    Ok(url.origin().ascii_serialization())
}

/// Calls or requests per second. Below 0.01 the wait for one token is hours, and its reciprocal
/// heads for `Duration`'s limits.
pub(super) const RATE: (f64, f64) = (0.01, 10_000.0);
/// New contacts per client per hour.
pub(super) const CREATE_RATE: (f64, f64) = (0.01, 100_000.0);
/// A client's part of an operation's rate.
pub(super) const SHARE: (f64, f64) = (0.01, 1.0);
/// The shortest lifetime a minted token may be given.
pub(super) const MIN_TOKEN_TTL: u64 = 60;

/// A minted token's lifetime: the one given, which must be within `max_lifetime`, else the
/// default, shortened to `max_lifetime`.
pub fn token_ttl(
    flag: &str,
    given: Option<u64>,
    default: u64,
    max_lifetime: u64,
) -> Result<u64, String> {
    match given {
        Some(ttl) if ttl > max_lifetime => Err(format!(
            "{flag} {ttl} is longer than --token-max-lifetime {max_lifetime}: the proxy would refuse its own tokens"
        )),
        Some(ttl) => Ok(ttl),
        None => Ok(default.min(max_lifetime)),
    }
}

/// A finite number within `(min, max)`, both included.
pub(super) fn number_in(value: &str, (min, max): (f64, f64)) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("`{value}` is not a number from {min} to {max}")),
    }
}

/// 0 turns the per-client limit off; any other rate is a [`RATE`].
pub(super) fn client_rate(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(0.0) => Ok(0.0),
        _ => number_in(value, RATE)
            .map_err(|_| format!("`{value}` is not 0 (off) or {} to {}", RATE.0, RATE.1)),
    }
}

/// A flow's ID: what follows `contact-flow/` in its ARN, a lowercase UUID.
pub(super) fn flow_id(value: &str) -> Result<String, String> {
    let value = value.trim();
    if is_uuid(value) {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "`{value}` is not a flow ID (the lowercase UUID at the end of the flow's ARN)"
        ))
    }
}

pub(super) fn number_type(value: &str) -> Result<NumberKind, String> {
    NumberKind::parse(value).ok_or_else(|| {
        let names: Vec<&str> = NumberKind::ALL.iter().map(|k| k.name()).collect();
        format!("`{value}` is not a kind of number: {}", names.join(", "))
    })
}

pub(super) fn country(value: &str) -> Result<Id, String> {
    callback::phone::country(value)
        .ok_or_else(|| format!("`{value}` is not an ISO 3166-1 alpha-2 country code like US"))
}

/// A count for a flag whose value is a `u32`: the largest one if `n` does not fit.
pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Clap's own path parser refuses an empty value, which is how a directory is turned off.
pub(super) fn directory(value: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(value))
}

/// An empty path turns a static directory off.
pub fn optional_dir(path: &std::path::Path) -> Option<PathBuf> {
    (!path.as_os_str().is_empty()).then(|| path.to_path_buf())
}
