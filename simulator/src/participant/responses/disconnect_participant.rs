//! `DisconnectParticipant` (`POST /participant/disconnect`): the customer leaves, which ends the
//! chat: the others see `participant.left` and `chat.ended`, and an agent on it is free again.
//! Leaving twice is refused, as the service refuses a participant no longer in the chat.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::send_message::checked_client_token;
use super::{ParticipantApi, ParticipantError, call};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    client_token: Option<String>,
}

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    call(&api, &headers, body, "DisconnectParticipant", answer).await
}

fn answer(
    api: &ParticipantApi,
    token: &str,
    request: Request,
) -> Result<Response, ParticipantError> {
    checked_client_token(request.client_token)?;
    let pushed = api.chats().disconnect(token)?;
    api.publish(pushed);
    Ok(Json(json!({})).into_response())
}
