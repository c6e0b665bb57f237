//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact. When Connect gives no position (the contact
//! is not queued, or not yet), the answer says where the contact stands instead, as
//! `ContactStage` (`stage.rs`): `IN_FLOW`, `WITH_AGENT` or `ENDED`.
//!
//! Asked with `Accept: text/event-stream`, the same answers come as a stream, each one the
//! moment it changes ([`super::stream`]); otherwise, or where the proxy cannot hold a stream
//! (AWS Lambda, too many open), one answer to poll again for.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{ACCEPT, AGE, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use waitline_core::metrics::{ContactStage, MetricsAnswer};

use super::auth::authorized_claims;
use super::stream;
use crate::AppState;
use crate::clients::Allowance;
use crate::error::{ApiError, whole_seconds};
use crate::source::SourceError;

/// One answer about a contact.
#[derive(Debug)]
pub struct Answered {
    pub body: MetricsAnswer,
    pub age: Duration,
    pub max_age: Duration,
}

impl Answered {
    /// Nothing more will change for this contact: an agent has it, or it ended.
    pub fn is_final(&self) -> bool {
        matches!(
            self.body.stage,
            Some(ContactStage::WithAgent | ContactStage::Ended)
        )
    }
}

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

/// The contact's answer now, as a poll gets it: its metrics with its place, or its stage.
pub async fn answer(
    state: &AppState,
    contact: &str,
    allowance: &Allowance,
) -> Result<Answered, ApiError> {
    let answer =
        state
            .budget
            .get(contact, allowance)
            .await
            .map_err(|busy| ApiError::Throttled {
                retry_after: busy.retry_after,
            })?;
    let outcome = answer.outcome;
    // No position, or no such contact (Connect may answer either for a contact not in queue).
    let unplaced = match &outcome {
        Ok(metrics) => metrics.position().is_none(),
        Err(error) => *error == SourceError::NotFound,
    };
    if unplaced && let Some(stage) = state.stages.stage(contact, allowance).await {
        let mut metrics = outcome.unwrap_or_default();
        metrics.metric_results.get_or_insert_with(Vec::new);
        return Ok(Answered {
            body: MetricsAnswer {
                metrics,
                stage: Some(stage),
            },
            age: answer.age,
            max_age: answer.max_age,
        });
    }
    let metrics = outcome.map_err(|error| match error {
        SourceError::NotFound => ApiError::NotFound,
        SourceError::Invalid => {
            ApiError::InvalidParameter("Connect does not accept this contact ID")
        }
        SourceError::Throttled => ApiError::Throttled {
            retry_after: answer.max_age,
        },
        SourceError::Internal(detail) => ApiError::Internal(detail),
    })?;
    Ok(Answered {
        body: MetricsAnswer {
            metrics,
            stage: None,
        },
        age: answer.age,
        max_age: answer.max_age,
    })
}

/// Per-customer data: only the browser may keep it, and only until it could have changed. The
/// widget takes max-age as the earliest moment worth polling again.
pub fn cache_headers(response: &mut Response, age: Duration, max_age: Duration) {
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_str(&format!("private, max-age={}", whole_seconds(max_age)))
            .unwrap_or(HeaderValue::from_static("private, no-store")),
    );
    headers.insert(AGE, HeaderValue::from(age.as_secs()));
}

#[cfg(test)]
mod tests {
    use super::*;

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
