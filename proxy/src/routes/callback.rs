//! `POST /v1/contacts/{contactId}/callback`: the bearer of a contact's token asks to be called
//! back; answers the callback's contact ID, a token for it and the number masked (201 when
//! created now, 200 for the one created before).
//!
//! `GET /v1/contacts/{callbackId}/callback`: where that callback stands, for the bearer of the
//! callback's token.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::answer::cache_headers;
use super::auth::{authorized_callback, authorized_contact};
use crate::AppState;
use crate::callback::Refusal;
use crate::callback::phone::{self, CallbackNumber};
use crate::clients::Allowance;
use crate::error::ApiError;

/// A callback request's body is a number and a country: a kilobyte is plenty.
pub const MAX_BODY_BYTES: usize = 1024;

/// Unknown fields are refused rather than ignored: a client sending one expects it to matter.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallbackRequest {
    phone_number: String,
    /// ISO 3166-1 alpha-2: the country a national-format number is read in.
    country: Option<String>,
}

impl std::fmt::Debug for CallbackRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The number is personal data, and unchecked: not even masked.
        f.debug_struct("CallbackRequest")
            .field("country", &self.country)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CallbackCreated {
    contact_id: String,
    token: String,
    /// `•••• 4567`: never the whole number.
    phone_number: String,
}

pub async fn request_callback(
    State(state): State<AppState>,
    Path(contact_id): Path<String>,
    allowance: Allowance,
    headers: HeaderMap,
    body: Result<Json<CallbackRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let contact = authorized_contact(&state, &contact_id, &headers)?;
    let callbacks = state.callbacks.as_ref().ok_or(ApiError::NotAvailable)?;
    let Json(body) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::CallbackRefused(Refusal::InvalidBody)
        }
    })?;
    let country = body
        .country
        .as_deref()
        .map(|code| phone::country(code).ok_or(ApiError::CallbackRefused(Refusal::InvalidCountry)))
        .transpose()?;
    let config = callbacks.config();
    let number = CallbackNumber::parse(
        &body.phone_number,
        country,
        &config.countries,
        &config.number_types,
    )
    .map_err(ApiError::CallbackRefused)?;
    let (created, new) = callbacks
        .request(contact, number, &state.tokens, allowance)
        .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(CallbackCreated {
            contact_id: created.contact_id,
            token: created.token,
            phone_number: created.masked_number,
        }),
    )
        .into_response())
}

pub async fn callback_status(
    State(state): State<AppState>,
    Path(callback_id): Path<String>,
    allowance: Allowance,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let callback = authorized_callback(&state, &callback_id, &headers)?;
    let callbacks = state.callbacks.as_ref().ok_or(ApiError::NotAvailable)?;
    let answer = callbacks
        .status(callback, &state.budget, &allowance)
        .await?;
    let mut response = Json(answer.status).into_response();
    cache_headers(&mut response, answer.age, answer.max_age);
    Ok(response)
}
