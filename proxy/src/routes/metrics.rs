//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::source::SourceError;
use crate::{AppState, unix_now};

/// Connect's contact IDs are UUIDs or ARNs of up to 256 characters.
const MAX_CONTACT_ID_LEN: usize = 256;

pub async fn get_metrics(
    State(state): State<AppState>,
    Path(contact_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !is_valid_contact_id(&contact_id) {
        return Err(ApiError::InvalidParameter(
            "ContactId is not a valid contact ID or ARN",
        ));
    }
    // The token is checked before the contact is looked up, so a caller without a valid token
    // cannot learn whether a contact exists.
    let token = bearer_token(&headers).ok_or(ApiError::Unauthorized)?;
    let claims = state
        .tokens
        .verify(token, unix_now())
        .map_err(|_| ApiError::Unauthorized)?;
    if claims.contact_id != contact_id {
        return Err(ApiError::Forbidden);
    }
    let metrics = state
        .source
        .contact_metrics(&contact_id)
        .await
        .map_err(|error| match error {
            SourceError::NotFound => ApiError::NotFound,
        })?;
    let mut response = Json(metrics).into_response();
    // Per-customer data: no shared cache may keep it.
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub fn is_valid_contact_id(id: &str) -> bool {
    (1..=MAX_CONTACT_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'/'))
}
