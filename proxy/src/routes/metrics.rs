//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact. When Connect gives no position (the contact
//! is not queued, or not yet), the answer says where the contact stands instead, as
//! `ContactStage` (`stage.rs`): `IN_FLOW`, `WITH_AGENT` or `ENDED`.
//!
//! Asked with `Accept: text/event-stream`, the same answers come as a stream, each one the
//! moment it changes ([`super::stream`]); otherwise, or where the proxy cannot hold a stream
//! (AWS Lambda, too many open), one answer to poll again for.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::ACCEPT;
use axum::response::{IntoResponse, Response};

use super::answer::{answer, cache_headers};
use super::auth::authorized_claims;
use super::stream;
use crate::AppState;
use crate::clients::Allowance;
use crate::error::ApiError;

pub async fn get_metrics(
    State(state): State<AppState>,
    Path(contact_id): Path<String>,
    allowance: Allowance,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (contact, claims) = authorized_claims(&state, &contact_id, &headers)?;
    let first = answer(&state, contact, &allowance).await?;
    if wants_stream(&headers)
        && !first.is_final()
        && let Some(stream) = stream::open(&state, contact, allowance, claims.expires_at, &first)
    {
        return Ok(stream);
    }
    let mut response = Json(first.body).into_response();
    cache_headers(&mut response, first.age, first.max_age);
    Ok(response)
}

/// The client reads Server-Sent Events.
fn wants_stream(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|part| part.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f64>().ok())
                .unwrap_or(1.0);
            media.eq_ignore_ascii_case("text/event-stream") && quality > 0.0
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_stream_is_what_the_client_accepts_first_or_at_all() {
        let accept = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT, HeaderValue::from_static(value));
            wants_stream(&headers)
        };
        assert!(accept("text/event-stream, application/json;q=0.9"));
        assert!(accept("application/json, text/event-stream"));
        assert!(!accept("application/json"));
        assert!(!accept("text/event-stream;q=0"));
        assert!(accept("application/json;q=0.9, text/event-stream;q=0.5"));
        assert!(!wants_stream(&HeaderMap::new()));
    }
}
