//! `StartChatContact` (`PUT /contact/chat`): a customer starts a chat. Its contact joins the
//! simulated queue like any other, so `GetContactMetrics` follows it, and the answer's
//! participant token is what the Participant Service (served beside this API) takes.
//!
//! There are no contact flows in the simulator: any `ContactFlowId` of the right length routes to
//! the one queue. `Attributes` and `SupportedMessagingContentTypes` are accepted and ignored.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use waitline_core::connect_id;

use super::{ConnectError, Endpoint};
use crate::participant::NewChat;
use crate::participant::models::content_type;

/// Every member optional, so a missing one gets Connect's `InvalidParameterException` naming
/// it rather than serde's parse error.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    instance_id: Option<String>,
    contact_flow_id: Option<String>,
    participant_details: Option<ParticipantDetails>,
    initial_message: Option<InitialMessage>,
    client_token: Option<String>,
    chat_duration_in_minutes: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ParticipantDetails {
    display_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitialMessage {
    content_type: Option<String>,
    content: Option<String>,
}

pub(super) async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    endpoint.call("StartChatContact", &headers, |endpoint| {
        answer(endpoint, &body)
    })
}

fn answer(endpoint: &Endpoint, body: &[u8]) -> Result<Response, ConnectError> {
    let request: Request = serde_json::from_slice(body).map_err(|_| {
        ConnectError::InvalidRequest("The request body is not a StartChatContact request")
    })?;
    let instance = request
        .instance_id
        .ok_or_else(|| invalid("InstanceId is required"))?;
    let instance = connect_id::instance_uuid(&instance)
        .ok_or_else(|| invalid("InstanceId is not a valid instance ID or ARN"))?;
    if instance != endpoint.instance_id {
        return Err(ConnectError::ResourceNotFound("Instance not found"));
    }
    let flow = request
        .contact_flow_id
        .ok_or_else(|| invalid("ContactFlowId is required"))?;
    within(&flow, 1, 500, "ContactFlowId")?;
    let display_name = request
        .participant_details
        .and_then(|details| details.display_name)
        .ok_or_else(|| invalid("ParticipantDetails.DisplayName is required"))?;
    within(&display_name, 1, 256, "ParticipantDetails.DisplayName")?;
    if display_name.trim().is_empty() {
        return Err(invalid("ParticipantDetails.DisplayName must not be blank"));
    }
    if let Some(minutes) = request.chat_duration_in_minutes
        && !(60..=10_080).contains(&minutes)
    {
        return Err(invalid("ChatDurationInMinutes must be 60 to 10080"));
    }
    let initial_message = request.initial_message.map(initial_message).transpose()?;
    if let Some(token) = &request.client_token {
        within(token, 0, 500, "ClientToken")?;
    }
    let participant = endpoint.participant.chats().start(NewChat {
        display_name,
        initial_message,
        client_token: request.client_token,
    });
    Ok(Json(json!({
        "ContactId": participant.contact_id,
        "ParticipantId": participant.participant_id,
        "ParticipantToken": participant.participant_token,
    }))
    .into_response())
}

/// `InitialMessage`: plain or markdown text, said as the chat starts.
fn initial_message(message: InitialMessage) -> Result<(&'static str, String), ConnectError> {
    let kind = match message.content_type.as_deref() {
        Some(content_type::TEXT_PLAIN) => content_type::TEXT_PLAIN,
        Some(content_type::TEXT_MARKDOWN) => content_type::TEXT_MARKDOWN,
        _ => {
            return Err(invalid(
                "InitialMessage.ContentType must be text/plain or text/markdown",
            ));
        }
    };
    let content = message
        .content
        .ok_or_else(|| invalid("InitialMessage.Content is required"))?;
    within(&content, 1, 1024, "InitialMessage.Content")?;
    Ok((kind, content))
}

fn within(value: &str, min: usize, max: usize, name: &str) -> Result<(), ConnectError> {
    let length = value.chars().count();
    if (min..=max).contains(&length) {
        Ok(())
    } else {
        Err(invalid(format!("{name} must be {min} to {max} characters")))
    }
}

fn invalid(message: impl Into<String>) -> ConnectError {
    ConnectError::InvalidParameter(message.into())
}
