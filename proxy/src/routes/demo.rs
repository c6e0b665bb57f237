//! `POST /v1/demo/contacts` (simulator mode only): puts a new contact in the simulated queue
//! and hands back what a site's backend would give its page: the contact ID and a token.
//! `GET /v1/demo/chat` (simulator mode only): where the demo chat page's amazon-connect-chatjs
//! finds the simulated Participant Service, which listens on a port of its own.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::clients::Allowance;
use crate::error::ApiError;
use crate::{AppState, unix_now};
use waitline_simulator::connect::SIMULATED_REGION;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoContact {
    contact_id: String,
    token: String,
    /// Unix seconds.
    expires_at: u64,
}

pub async fn create_contact(
    State(state): State<AppState>,
    allowance: Allowance,
) -> Result<(StatusCode, Json<DemoContact>), ApiError> {
    let simulator = state.simulator.as_ref().ok_or(ApiError::NotAvailable)?;
    // A simulated contact still takes a simulated agent's time: counted as any new contact.
    allowance
        .creation()
        .map_err(|retry_after| ApiError::Throttled { retry_after })?;
    let contact_id = simulator.join();
    let expires_at = unix_now().saturating_add(state.demo_token_ttl.as_secs());
    let token = state.tokens.mint(&contact_id, expires_at);
    Ok((
        StatusCode::CREATED,
        Json(DemoContact {
            contact_id,
            token,
            expires_at,
        }),
    ))
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoChat {
    /// For chatjs's `setGlobalConfig({ region, endpoint })`.
    region: &'static str,
    participant_endpoint: String,
}

pub async fn chat_config(State(state): State<AppState>) -> Result<Json<DemoChat>, ApiError> {
    let url = state
        .simulated_connect_url()
        .ok_or(ApiError::NotAvailable)?;
    Ok(Json(DemoChat {
        region: SIMULATED_REGION,
        participant_endpoint: url.to_owned(),
    }))
}
