//! `POST /v1/chats`: starts a chat for the page, as the start-chat Lambda of AWS's examples
//! does, and answers what Connect's hosted communications widget (`customStartChat`) and
//! amazon-connect-chat-interface expect, plus a waitline token for the chat's contact.
//!
//! Two bodies are taken: waitline's own `{displayName, attributes?}`, and the one that Lambda
//! and amazon-connect-chat-interface send, so a site swaps the Lambda's URL for the proxy's and
//! changes nothing else: `{ParticipantDetails: {DisplayName}, Attributes?, ContactFlowId?,
//! InstanceId?, InitialMessage?, SupportedMessagingContentTypes?, ChatDurationInMinutes?,
//! Username?}`. A flow or instance in the body is a client's claim: one other than the
//! configured ones is refused, never obeyed. As the Lambda does, the chat's `customerName`
//! attribute is its display name. `PersistentChat` is refused: it would join a past contact's
//! transcript, which no anonymous page may name.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::json;
use waitline_core::connect_id::{instance_uuid, is_uuid};

use crate::chat::{ChatError, NewChat};
use crate::clients::Allowance;
use crate::error::ApiError;
use crate::{AppState, unix_now};

/// A display name, a few attributes and a first message: a few kilobytes at most.
pub const MAX_BODY_BYTES: usize = 8192;

/// The attribute AWS's start-chat Lambda sets to the display name; flows built on it read it.
pub const CUSTOMER_NAME: &str = "customerName";

/// Unknown fields are refused rather than ignored: a client sending one expects it to matter.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "attributes")]
    attributes: Option<BTreeMap<String, String>>,
    #[serde(rename = "ParticipantDetails")]
    participant_details: Option<ParticipantDetails>,
    #[serde(rename = "Attributes")]
    aws_attributes: Option<BTreeMap<String, String>>,
    #[serde(rename = "ContactFlowId")]
    contact_flow_id: Option<String>,
    #[serde(rename = "InstanceId")]
    instance_id: Option<String>,
    #[serde(rename = "InitialMessage")]
    initial_message: Option<InitialMessage>,
    #[serde(rename = "SupportedMessagingContentTypes")]
    content_types: Option<Vec<String>>,
    #[serde(rename = "ChatDurationInMinutes")]
    duration_minutes: Option<i32>,
    #[serde(rename = "PersistentChat")]
    persistent_chat: Option<IgnoredAny>,
    /// amazon-connect-chat-interface sends it for a backend's own use; StartChatContact has no
    /// such member, and the Lambda ignores it.
    #[serde(rename = "Username")]
    _username: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantDetails {
    #[serde(rename = "DisplayName")]
    display_name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InitialMessage {
    #[serde(rename = "ContentType")]
    content_type: String,
    #[serde(rename = "Content")]
    content: String,
}

impl std::fmt::Debug for ChatRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A customer's name is personal data.
        f.debug_struct("ChatRequest").finish_non_exhaustive()
    }
}

const BAD_BODY: &str = "the body must be JSON: { displayName, attributes? }, or StartChatContact's \
     { ParticipantDetails: { DisplayName }, Attributes?, ContactFlowId?, InstanceId?, ... }";

impl ChatRequest {
    /// The chat asked for, if the body names no flow or instance but the configured ones.
    fn into_chat(self, flow_id: &str, instance_id: &str) -> Result<NewChat, ApiError> {
        if self.persistent_chat.is_some() {
            return Err(ApiError::InvalidParameter(
                "PersistentChat is not taken: a page may not join a past contact's transcript",
            ));
        }
        if let Some(flow) = &self.contact_flow_id
            && !(is_uuid(flow) && flow == flow_id || flow.ends_with(&format!("/{flow_id}")))
        {
            return Err(ApiError::InvalidParameter(
                "ContactFlowId is not this proxy's chat flow",
            ));
        }
        if let Some(instance) = &self.instance_id
            && instance_uuid(instance).is_none_or(|uuid| Some(uuid) != instance_uuid(instance_id))
        {
            return Err(ApiError::InvalidParameter(
                "InstanceId is not this proxy's instance",
            ));
        }
        let (display_name, attributes, aws) = match (
            self.display_name,
            self.participant_details,
            self.attributes,
            self.aws_attributes,
        ) {
            (Some(name), None, attributes, None) => (name, attributes.unwrap_or_default(), false),
            (None, Some(details), None, attributes) => {
                (details.display_name, attributes.unwrap_or_default(), true)
            }
            _ => return Err(ApiError::InvalidParameter(BAD_BODY)),
        };
        Ok(NewChat {
            display_name,
            attributes: attributes.into_iter().collect(),
            name_attribute: aws.then_some(CUSTOMER_NAME),
            initial_message: self
                .initial_message
                .map(|message| (message.content_type, message.content)),
            content_types: self.content_types.unwrap_or_default(),
            duration_minutes: self.duration_minutes,
        })
    }
}

pub async fn start_chat(
    State(state): State<AppState>,
    allowance: Allowance,
    body: Result<Json<ChatRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let chats = state.chats.as_ref().ok_or(ApiError::NotAvailable)?;
    let Json(body) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::InvalidParameter(BAD_BODY)
        }
    })?;
    let chat = body.into_chat(&chats.config().flow_id, chats.instance_id())?;
    let started = chats
        .start(&chat, &allowance)
        .await
        .map_err(|error| match error {
            ChatError::Refused(message) => ApiError::InvalidParameter(message),
            ChatError::ClientLimited { retry_after } | ChatError::Throttled { retry_after } => {
                ApiError::Throttled { retry_after }
            }
            ChatError::BudgetSpent { retry_after } => ApiError::BudgetSpent { retry_after },
            ChatError::Internal(detail) => ApiError::Internal(detail),
        })?;
    let expires = unix_now().saturating_add(chats.config().token_ttl.as_secs());
    let token = state.tokens.mint(&started.contact_id, expires);
    Ok(Json(json!({
        "data": { "startChatResult": {
            "ContactId": started.contact_id,
            "ParticipantId": started.participant_id,
            "ParticipantToken": started.participant_token,
        } },
        "waitline": { "contactId": started.contact_id, "token": token },
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOW: &str = "11111111-2222-4333-8444-555555555555";
    const INSTANCE: &str = "00000000-0000-4000-8000-000000000000";

    fn chat(body: serde_json::Value) -> Result<NewChat, String> {
        let request: ChatRequest = serde_json::from_value(body).map_err(|e| e.to_string())?;
        request
            .into_chat(FLOW, INSTANCE)
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn the_start_chat_lambdas_body_is_taken_as_the_lambda_takes_it() {
        let chat = chat(serde_json::json!({
            "InstanceId": INSTANCE,
            "ContactFlowId": FLOW,
            "ParticipantDetails": { "DisplayName": "Ana" },
            "Attributes": { "topic": "billing" },
            "InitialMessage": { "ContentType": "text/plain", "Content": "Hello" },
            "SupportedMessagingContentTypes": ["text/plain", "text/markdown"],
            "ChatDurationInMinutes": 120,
        }))
        .unwrap();
        assert_eq!(chat.display_name, "Ana");
        assert_eq!(chat.attributes, [("topic".into(), "billing".into())]);
        assert_eq!(chat.name_attribute, Some("customerName"));
        assert_eq!(
            chat.initial_message,
            Some(("text/plain".into(), "Hello".into()))
        );
        assert_eq!(chat.duration_minutes, Some(120));
        // An ARN naming the same instance and flow is the same.
        let arn = format!("arn:aws:connect:us-east-1:123456789012:instance/{INSTANCE}");
        assert!(chat_with(&arn, &format!("{arn}/contact-flow/{FLOW}")).is_ok());
    }

    fn chat_with(instance: &str, flow: &str) -> Result<NewChat, String> {
        chat(serde_json::json!({
            "InstanceId": instance, "ContactFlowId": flow,
            "ParticipantDetails": { "DisplayName": "Ana" },
        }))
    }

    #[test]
    fn another_flow_or_instance_is_refused_never_obeyed() {
        let other = "99999999-2222-4333-8444-555555555555";
        assert!(
            chat_with(INSTANCE, other)
                .unwrap_err()
                .contains("chat flow")
        );
        assert!(chat_with(other, FLOW).unwrap_err().contains("instance"));
        assert!(chat_with("", FLOW).is_err());
        let persistent = chat(serde_json::json!({
            "ParticipantDetails": { "DisplayName": "Ana" },
            "PersistentChat": { "SourceContactId": other, "RehydrationType": "ENTIRE_PAST_SESSION" },
        }));
        assert!(persistent.unwrap_err().contains("PersistentChat"));
    }

    #[test]
    fn one_shape_at_a_time_and_nothing_unknown() {
        assert!(chat(serde_json::json!({ "displayName": "Ana" })).is_ok());
        assert!(chat(serde_json::json!({ "displayName": "Ana", "ParticipantDetails": { "DisplayName": "B" } })).is_err());
        assert!(chat(serde_json::json!({ "displayName": "Ana", "Attributes": {} })).is_err());
        assert!(chat(serde_json::json!({ "displayName": "Ana", "colour": "red" })).is_err());
        assert!(chat(serde_json::json!({})).is_err());
    }
}
