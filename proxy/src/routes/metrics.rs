//! `GET /v1/contacts/{contactId}/metrics`: one contact's metrics in GetContactMetrics' shape,
//! for the bearer of a token bound to that contact.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{AGE, AUTHORIZATION, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::source::SourceError;
use crate::{AppState, unix_now};

/// Whole seconds, rounded up: a hint of 0 would invite an immediate retry.
fn seconds(duration: std::time::Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

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
    let answer = state
        .budget
        .get(&contact_id)
        .await
        .map_err(|busy| ApiError::Throttled {
            retry_after: seconds(busy.retry_after),
        })?;
    let metrics = answer.outcome.map_err(|error| match error {
        SourceError::NotFound => ApiError::NotFound,
        SourceError::Throttled => ApiError::Throttled {
            retry_after: seconds(answer.max_age),
        },
        SourceError::Internal(detail) => ApiError::Internal(detail),
    })?;
    let mut response = Json(metrics).into_response();
    let headers = response.headers_mut();
    // Per-customer data: only the browser may keep it, and only until it could have changed.
    // The widget takes max-age as the earliest moment worth polling again.
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_str(&format!("private, max-age={}", seconds(answer.max_age)))
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

/// Connect's pattern for `ContactId`, without a regex engine:
/// `^(arn:(aws|aws-us-gov):connect:[a-z]{2}-[a-z]+-[0-9]{1}:[0-9]{1,20}:instance/)?` followed by a
/// lowercase UUID, at most 250 characters.
pub fn is_valid_contact_id(id: &str) -> bool {
    if id.len() > 250 {
        return false;
    }
    let uuid = match id.strip_prefix("arn:") {
        None => id,
        Some(arn) => {
            let Some(rest) = arn
                .strip_prefix("aws:")
                .or_else(|| arn.strip_prefix("aws-us-gov:"))
            else {
                return false;
            };
            let Some(rest) = rest.strip_prefix("connect:") else {
                return false;
            };
            let Some((region, rest)) = rest.split_once(':') else {
                return false;
            };
            let Some((account, rest)) = rest.split_once(':') else {
                return false;
            };
            let Some(uuid) = rest.strip_prefix("instance/") else {
                return false;
            };
            if !is_region(region)
                || account.is_empty()
                || account.len() > 20
                || !account.bytes().all(|b| b.is_ascii_digit())
            {
                return false;
            }
            uuid
        }
    };
    is_uuid(uuid)
}

/// `[a-z]{2}-[a-z]+-[0-9]`
fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    matches!(parts.as_slice(), [area, name, digit]
        if area.len() == 2 && area.bytes().all(|b| b.is_ascii_lowercase())
        && !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase())
        && digit.len() == 1 && digit.bytes().all(|b| b.is_ascii_digit()))
}

/// Lowercase 8-4-4-4-12 hex.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| {
            group.len() == len
                && group
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::is_valid_contact_id;

    #[test]
    fn contact_ids_follow_connects_pattern() {
        let uuid = "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f";
        assert!(is_valid_contact_id(uuid));
        assert!(is_valid_contact_id(&format!(
            "arn:aws:connect:us-east-1:123456789012:instance/{uuid}"
        )));
        // The documented region shape is [a-z]{2}-[a-z]+-[0-9]: one word between the dashes.
        assert!(!is_valid_contact_id(&format!(
            "arn:aws-us-gov:connect:us-gov-west-1:1:instance/{uuid}"
        )));
        assert!(is_valid_contact_id(&format!(
            "arn:aws-us-gov:connect:us-west-1:1:instance/{uuid}"
        )));
        for bad in [
            "",
            "c-1",
            "9F1B6F5E-2D4C-4B8A-9E3F-0A1B2C3D4E5F",
            "9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5",
            "9f1b6f5e2d4c4b8a9e3f0a1b2c3d4e5f",
            "arn:aws:connect:us-east-1:123:instance/",
            "arn:aws:s3:us-east-1:123:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
            "arn:aws:connect:useast1:123:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
            "arn:aws:connect:us-east-1:123456789012345678901:instance/9f1b6f5e-2d4c-4b8a-9e3f-0a1b2c3d4e5f",
        ] {
            assert!(!is_valid_contact_id(bad), "{bad}");
        }
    }
}
