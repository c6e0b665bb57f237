//! `POST /v1/chats`: starts a chat for the page, as the start-chat Lambda of AWS's examples
//! does, and answers what Connect's hosted communications widget (`customStartChat`) and
//! amazon-connect-chat-interface expect, plus a waitline token for the chat's contact.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::chat::ChatError;
use crate::error::ApiError;
use crate::{AppState, unix_now};

/// A display name and a few attributes: a few kilobytes at most.
pub const MAX_BODY_BYTES: usize = 4096;

/// Unknown fields are refused rather than ignored: a client sending one expects it to matter.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatRequest {
    display_name: String,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

impl std::fmt::Debug for ChatRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A customer's name is personal data.
        f.debug_struct("ChatRequest").finish_non_exhaustive()
    }
}

pub async fn start_chat(
    State(state): State<AppState>,
    body: Result<Json<ChatRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let chats = state.chats.as_ref().ok_or(ApiError::NotAvailable)?;
    let Json(body) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::InvalidParameter(
                "the body must be JSON: { displayName, attributes? } (attributes: names to strings)",
            )
        }
    })?;
    let attributes = body.attributes.into_iter().collect();
    let started =
        chats
            .start(&body.display_name, attributes)
            .await
            .map_err(|error| match error {
                ChatError::Refused(message) => ApiError::InvalidParameter(message),
                ChatError::BudgetSpent { retry_after } => ApiError::BudgetSpent { retry_after },
                ChatError::Throttled { retry_after } => ApiError::Throttled { retry_after },
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
