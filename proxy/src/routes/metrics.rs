//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{AGE, AUTHORIZATION, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::connect_ids::contact_uuid;
use crate::error::{ApiError, whole_seconds};
use crate::source::SourceError;
use crate::{AppState, unix_now};

pub async fn get_metrics(
    State(state): State<AppState>,
    Path(contact_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // A contact has two names, its UUID and an ARN ending in it. Both the token check and the
    // cache go by the UUID, so either name opens the contact and both share one Connect call.
    let contact = contact_uuid(&contact_id).ok_or(ApiError::InvalidParameter(
        "ContactId is not a valid contact ID or ARN",
    ))?;
    // The token is checked before the contact is looked up, so a caller without a valid token
    // cannot learn whether a contact exists.
    let token = bearer_token(&headers).ok_or(ApiError::Unauthorized)?;
    let claims = state
        .tokens
        .verify(token, unix_now())
        .map_err(|_| ApiError::Unauthorized)?;
    if contact_uuid(&claims.contact_id) != Some(contact) {
        return Err(ApiError::Forbidden);
    }
    let answer = state
        .budget
        .get(contact)
        .await
        .map_err(|busy| ApiError::Throttled {
            retry_after: busy.retry_after,
        })?;
    let metrics = answer.outcome.map_err(|error| match error {
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
    let headers = response.headers_mut();
    // Per-customer data: only the browser may keep it, and only until it could have changed.
    // The widget takes max-age as the earliest moment worth polling again.
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_str(&format!(
            "private, max-age={}",
            whole_seconds(answer.max_age)
        ))
        .unwrap_or(HeaderValue::from_static("private, no-store")),
    );
    headers.insert(AGE, HeaderValue::from(answer.age.as_secs()));
    Ok(response)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}
