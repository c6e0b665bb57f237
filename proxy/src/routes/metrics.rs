//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact. When Connect gives no position (the contact
//! is not queued, or not yet), the answer says where the contact stands instead, as
//! `ContactStage` (`stage.rs`): `IN_FLOW`, `WITH_AGENT` or `ENDED`.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{AGE, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use waitline_core::metrics::MetricsAnswer;

use super::auth::authorized_contact;
use crate::AppState;
use crate::clients::Allowance;
use crate::error::{ApiError, whole_seconds};
use crate::source::SourceError;

pub async fn get_metrics(
    State(state): State<AppState>,
    Path(contact_id): Path<String>,
    allowance: Allowance,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let contact = authorized_contact(&state, &contact_id, &headers)?;
    let answer = state
        .budget
        .get(contact, &allowance)
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
    if unplaced && let Some(stage) = state.stages.stage(contact, &allowance).await {
        let mut metrics = outcome.unwrap_or_default();
        metrics.metric_results.get_or_insert_with(Vec::new);
        let mut response = Json(MetricsAnswer {
            metrics,
            stage: Some(stage),
        })
        .into_response();
        cache_headers(&mut response, answer.age, answer.max_age);
        return Ok(response);
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
    let mut response = Json(metrics).into_response();
    cache_headers(&mut response, answer.age, answer.max_age);
    Ok(response)
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
