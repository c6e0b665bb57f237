//! The simulated Participant Service on the wire: the restJson1 routes amazon-connect-chatjs
//! calls from the customer's browser (so, with CORS), and the WebSocket it listens on. Served
//! beside the simulated Connect API, on the same address, so one endpoint URL is both.
//!
//! Requests carry the participant's bearer token in `X-Amz-Bearer`; chatjs signs them with empty
//! credentials, so `Authorization` is ignored. Each operation has a file of its own; the agents'
//! clock ([`ParticipantApi::run_agents`]) and the fan-out to sockets live here.

mod create_participant_connection;
mod disconnect_participant;
mod error;
mod get_transcript;
mod send_event;
mod send_message;
mod shape;
mod socket_protocol;
mod websocket;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::header::HeaderName;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use tokio::sync::{broadcast, watch};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

pub use error::ParticipantError;
pub use shape::iso_time;

use super::models::{ChatService, Item};
use crate::connect::Simulator;

/// The largest request body taken. `SendMessage`'s content is at most 16 KiB of text; JSON
/// escaping can double it.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// How often the simulated agents look at the queue: real time, so an agent's words reach the
/// customer within this of when the simulated clock says them.
const AGENT_TICK: Duration = Duration::from_millis(100);

/// The simulated Participant Service. Cheap to clone; clones share the chats.
#[derive(Debug, Clone)]
pub struct ParticipantApi {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    chats: ChatService,
    /// Every item as it happens, for whichever sockets are on its chat.
    hub: broadcast::Sender<Arc<Pushed>>,
    /// Becomes `true` when the server stops, so open sockets close rather than linger.
    closing: watch::Sender<bool>,
}

/// An item on its way to a chat's sockets, already a WebSocket frame.
#[derive(Debug)]
struct Pushed {
    contact_id: String,
    frame: String,
}

impl ParticipantApi {
    pub fn new(simulator: Arc<Simulator>) -> Self {
        // Room for a burst of a few hundred items before a slow socket misses some.
        let (hub, _) = broadcast::channel(256);
        let (closing, _) = watch::channel(false);
        Self {
            shared: Arc::new(Shared {
                chats: ChatService::new(simulator),
                hub,
                closing,
            }),
        }
    }

    /// The chats, for `StartChatContact` on the Connect side.
    pub fn chats(&self) -> &ChatService {
        &self.shared.chats
    }

    pub fn router(&self) -> Router {
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::any())
            .allow_methods([Method::POST, Method::GET])
            // chatjs sends X-Amz-Bearer, Content-Type and the AWS SDK's own amz-* headers; what
            // it sends may change with the SDK, so whatever the browser asks for is allowed.
            .allow_headers(AllowHeaders::mirror_request())
            .expose_headers([
                HeaderName::from_static("x-amzn-requestid"),
                HeaderName::from_static("x-amzn-errortype"),
            ])
            .max_age(Duration::from_secs(600));
        Router::new()
            .route(
                "/participant/connection",
                post(create_participant_connection::handle),
            )
            .route("/participant/transcript", post(get_transcript::handle))
            .route("/participant/message", post(send_message::handle))
            .route("/participant/event", post(send_event::handle))
            .route(
                "/participant/disconnect",
                post(disconnect_participant::handle),
            )
            .route(websocket::PATH, get(websocket::handle))
            .layer(axum::middleware::map_response(with_request_id))
            .layer(cors)
            .with_state(self.clone())
    }

    /// The simulated agents at work: every `AGENT_TICK` they look at the queue and act on
    /// the chats it has given them. Runs until dropped (with the server that serves this API);
    /// dropping it closes the chats' sockets.
    pub async fn run_agents(self) {
        let _close_sockets = CloseSocketsOnDrop(Arc::clone(&self.shared));
        let mut tick = tokio::time::interval(AGENT_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.publish(self.shared.chats.advance());
        }
    }

    /// Sends `items` to the sockets on their chats. Nobody listening is not an error: the
    /// transcript keeps them.
    fn publish(&self, items: Vec<Item>) {
        let epoch = self.shared.chats.epoch();
        for item in items {
            let pushed = Pushed {
                frame: shape::chat_frame(&item, epoch),
                contact_id: item.contact_id,
            };
            let _ = self.shared.hub.send(Arc::new(pushed));
        }
    }
}

#[derive(Debug)]
struct CloseSocketsOnDrop(Arc<Shared>);

impl Drop for CloseSocketsOnDrop {
    fn drop(&mut self) {
        self.0.closing.send_replace(true);
    }
}

/// AWS clients report this ID with every error; a random one keeps their logs familiar.
async fn with_request_id(mut response: Response) -> Response {
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        response.headers_mut().insert("x-amzn-RequestId", id);
    }
    response
}

/// The caller's bearer token, from `X-Amz-Bearer`.
fn bearer(headers: &HeaderMap) -> Result<&str, ParticipantError> {
    headers
        .get("x-amz-bearer")
        .and_then(|value| value.to_str().ok())
        .filter(|token| !token.is_empty())
        .ok_or(ParticipantError::AccessDenied(
            "Missing X-Amz-Bearer: send the participant's token",
        ))
}

/// One operation's call: the bearer token and the JSON body are read as every operation reads
/// them, in that order, then `answer` runs; a refusal comes back in the service's error shape.
async fn call<R: DeserializeOwned>(
    api: &ParticipantApi,
    headers: &HeaderMap,
    body: Body,
    operation: &str,
    answer: impl FnOnce(&ParticipantApi, &str, R) -> Result<Response, ParticipantError>,
) -> Response {
    let answered = async {
        let token = bearer(headers)?;
        let request = read_json(body, operation).await?;
        answer(api, token, request)
    };
    answered.await.unwrap_or_else(IntoResponse::into_response)
}

/// The request body as `T`, with the service's error for one too large or not `T` at all.
async fn read_json<T: DeserializeOwned>(
    body: Body,
    operation: &str,
) -> Result<T, ParticipantError> {
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            ParticipantError::Validation(format!(
                "The request body is larger than {} KiB",
                MAX_BODY_BYTES / 1024
            ))
        })?;
    // An empty body is an empty request: every member is optional on the wire.
    let bytes: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
    serde_json::from_slice(bytes).map_err(|error| {
        // Cut: serde's message can quote the caller's text, which should not make it unbounded.
        let reason: String = error.to_string().chars().take(200).collect();
        ParticipantError::Validation(format!(
            "The request body is not a valid {operation} request: {reason}"
        ))
    })
}
