//! `SendEvent` (`POST /participant/event`): typing indicators and read or delivered receipts.
//! Acknowledged with an `Id` and `AbsoluteTime`; the simulated agent does not react to them, and
//! like the real service's they are not part of the transcript.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::send_message::{ContentRequest, checked_client_token};
use super::{ParticipantApi, ParticipantError, call, iso_time};
use crate::participant::models::content_type;

/// The events a participant may send.
const ACCEPTED: [&str; 4] = [
    content_type::TYPING,
    content_type::CONNECTION_ACKNOWLEDGED,
    content_type::MESSAGE_DELIVERED,
    content_type::MESSAGE_READ,
];

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    call(&api, &headers, body, "SendEvent", answer).await
}

fn answer(
    api: &ParticipantApi,
    token: &str,
    request: ContentRequest,
) -> Result<Response, ParticipantError> {
    match request.content_type.as_deref() {
        Some(kind) if ACCEPTED.contains(&kind) => {}
        Some(other) => {
            let other: String = other.chars().take(100).collect();
            return Err(ParticipantError::Validation(format!(
                "Unsupported event ContentType: {other}"
            )));
        }
        None => {
            return Err(ParticipantError::Validation(
                "ContentType is required".into(),
            ));
        }
    }
    if request.content.is_some_and(|c| c.chars().count() > 1024) {
        return Err(ParticipantError::Validation(
            "Content must be at most 1024 characters".into(),
        ));
    }
    checked_client_token(request.client_token)?;
    let (id, at) = api.chats().send_event(token)?;
    let epoch = api.chats().epoch();
    Ok(Json(json!({ "Id": id, "AbsoluteTime": iso_time(epoch + at) })).into_response())
}
