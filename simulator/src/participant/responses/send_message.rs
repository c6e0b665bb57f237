//! `SendMessage` (`POST /participant/message`): the customer says something. The service echoes
//! it on the chat's sockets, as the real one does (chatjs shows a sent message when it comes
//! back), and answers its `Id` and `AbsoluteTime`.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{ParticipantApi, ParticipantError, call, iso_time};
use crate::participant::models::content_type;

/// `ClientToken`'s longest, as the service documents it.
pub(super) const MAX_CLIENT_TOKEN: usize = 500;

/// What `SendMessage` and `SendEvent` both take.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ContentRequest {
    pub client_token: Option<String>,
    pub content: Option<String>,
    pub content_type: Option<String>,
}

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    call(&api, &headers, body, "SendMessage", answer).await
}

fn answer(
    api: &ParticipantApi,
    token: &str,
    request: ContentRequest,
) -> Result<Response, ParticipantError> {
    let (kind, limit) = match request.content_type.as_deref() {
        Some(content_type::TEXT_PLAIN) => (content_type::TEXT_PLAIN, 1024),
        Some(content_type::TEXT_MARKDOWN) => (content_type::TEXT_MARKDOWN, 1024),
        Some(content_type::APPLICATION_JSON) => (content_type::APPLICATION_JSON, 12_000),
        Some(content_type::INTERACTIVE_RESPONSE) => (content_type::INTERACTIVE_RESPONSE, 12_288),
        Some(other) => {
            let other: String = other.chars().take(64).collect();
            return Err(invalid(format!("Unsupported ContentType: {other}")));
        }
        None => return Err(invalid("ContentType is required".into())),
    };
    let content = request
        .content
        .ok_or_else(|| invalid("Content is required".into()))?;
    let length = content.chars().count();
    if length == 0 || length > limit {
        return Err(invalid(format!(
            "Content must be 1 to {limit} characters for {kind}"
        )));
    }
    let client_token = checked_client_token(request.client_token)?;
    let (message, pushed) = api
        .chats()
        .send_message(token, kind, content, client_token)?;
    api.publish(pushed);
    let epoch = api.chats().epoch();
    Ok(
        Json(json!({ "Id": message.id, "AbsoluteTime": iso_time(epoch + message.at) }))
            .into_response(),
    )
}

pub(super) fn checked_client_token(
    token: Option<String>,
) -> Result<Option<String>, ParticipantError> {
    match token {
        Some(token) if token.len() > MAX_CLIENT_TOKEN => Err(invalid(format!(
            "ClientToken is longer than {MAX_CLIENT_TOKEN} characters"
        ))),
        token => Ok(token),
    }
}

fn invalid(message: String) -> ParticipantError {
    ParticipantError::Validation(message)
}
