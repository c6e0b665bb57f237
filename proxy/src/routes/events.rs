//! `POST /v1/events`: Amazon Connect's contact events, from an EventBridge rule whose target is
//! an API destination (its connection's API key sent as the `x-waitline-events-secret`
//! header). A departure an event tells moves every waiting customer behind it at once
//! (`events`, `places`). Off unless a secret is configured: then the route answers 404 as any
//! unknown one. Not behind the per-client limits (one sender, EventBridge, authenticated), and
//! a body is at most the proxy's 8 KiB: a contact event is about 1.5 KiB.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::events::{EventError, Learned, read};

/// The header EventBridge's connection sends the secret in.
pub const SECRET_HEADER: &str = "x-waitline-events-secret";
/// Environment variable with the secret (never a flag: flags show in `ps`).
pub const SECRET_VAR: &str = "WAITLINE_EVENTS_SECRET";
/// A secret shorter than this is refused at start: it would be guessable.
pub const MIN_SECRET_CHARS: usize = 16;
/// From a contact leaving its queue to its agent being connected unless configured
/// (`--events-connect-delay`): the agent's phone ringing.
pub const DEFAULT_CONNECT_DELAY_SECONDS: u64 = 20;

/// Whose events are accepted, and how they are read.
#[derive(Debug, Clone)]
pub struct EventsConfig {
    /// SHA-256 of the secret: compared digest to digest, so the time a comparison takes says
    /// nothing about the secret (no constant-time comparison crate needed for one check).
    secret_digest: [u8; 32],
    /// The longest from a contact leaving its queue to its being connected to an agent.
    pub connect_delay: Duration,
    pub counts: Arc<EventCounts>,
}

/// Events received, for `/metrics`.
#[derive(Debug, Default)]
pub struct EventCounts {
    /// Read, and moved someone's place.
    pub departures: AtomicU64,
    /// Read, nothing to do with places.
    pub ignored: AtomicU64,
    /// Refused: not a contact event of this instance, or malformed.
    pub refused: AtomicU64,
}

impl EventsConfig {
    /// `None` for a secret too short to keep strangers out.
    pub fn new(secret: &str, connect_delay: Duration) -> Option<Self> {
        (secret.chars().count() >= MIN_SECRET_CHARS).then(|| Self {
            secret_digest: Sha256::digest(secret.as_bytes()).into(),
            connect_delay,
            counts: Arc::default(),
        })
    }

    fn admits(&self, headers: &HeaderMap) -> bool {
        headers.get(SECRET_HEADER).is_some_and(|value| {
            <[u8; 32]>::from(Sha256::digest(value.as_bytes())) == self.secret_digest
        })
    }
}

pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let Some(events) = &state.events else {
        return Err(ApiError::NotFound);
    };
    if !events.admits(&headers) {
        return Err(ApiError::Unauthorized);
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::InvalidParameter("the body could not be read")
        }
    })?;
    let learned = match read(&body, state.budget.source().instance_id()) {
        Ok(learned) => learned,
        Err(error) => {
            events.counts.refused.fetch_add(1, Ordering::Relaxed);
            return Err(ApiError::InvalidParameter(refusal(&error)));
        }
    };
    let counter = if learned == Learned::Nothing {
        &events.counts.ignored
    } else {
        &events.counts.departures
    };
    counter.fetch_add(1, Ordering::Relaxed);
    state.learned(&learned);
    Ok(StatusCode::NO_CONTENT)
}

fn refusal(error: &EventError) -> &'static str {
    match error {
        EventError::Malformed(_) => "not a JSON contact event",
        EventError::NotContactEvent => "not an Amazon Connect contact event",
        EventError::OtherInstance => "a contact event of another Amazon Connect instance",
        EventError::BadTime(_) => "a contact event with a time that is not ISO 8601",
        EventError::BadQueue => "a contact event whose queueArn is not a queue's ARN",
    }
}
