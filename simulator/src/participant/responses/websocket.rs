//! The Participant Service's WebSocket (`GET /participant/websocket?AuthToken=…`, the URL
//! `CreateParticipantConnection` hands out): answers the client's frames
//! ([`socket_protocol`](super::socket_protocol)) and, once it subscribes to `aws/chat`, pushes
//! its chat's items as they happen.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use super::socket_protocol;
use super::{ParticipantApi, ParticipantError, Pushed};

pub const PATH: &str = "/participant/websocket";

/// chatjs's frames are a few hundred bytes; anything far larger is not from it.
const MAX_FRAME_BYTES: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
pub(super) struct Params {
    #[serde(rename = "AuthToken")]
    auth_token: Option<String>,
}

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    params: Result<Query<Params>, QueryRejection>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let contact = params
        .ok()
        .and_then(|Query(params)| params.auth_token)
        .and_then(|token| api.chats().websocket_contact(&token));
    let Some(contact) = contact else {
        return ParticipantError::AccessDenied("Missing or unknown AuthToken").into_response();
    };
    match upgrade {
        Ok(upgrade) => upgrade
            .max_message_size(MAX_FRAME_BYTES)
            .max_frame_size(MAX_FRAME_BYTES)
            .on_upgrade(move |socket| serve(socket, api, contact)),
        Err(rejection) => ParticipantError::Validation(rejection.body_text()).into_response(),
    }
}

/// One client's socket, until it closes, errs or the server stops.
async fn serve(mut socket: WebSocket, api: ParticipantApi, contact: String) {
    let mut closing = api.shared.closing.subscribe();
    // Items flow only after the client subscribes, as on the real service.
    let mut items: Option<broadcast::Receiver<Arc<Pushed>>> = None;
    loop {
        tokio::select! {
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(text))) => text,
                    // Not a protocol frame: answered as an empty one, with an error.
                    Some(Ok(Message::Binary(_))) => Utf8Bytes::from_static(""),
                    // tungstenite answers pings itself.
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                };
                let answer = socket_protocol::answer(text.as_str());
                match answer.subscribed {
                    Some(true) => {
                        items.get_or_insert_with(|| api.shared.hub.subscribe());
                    }
                    Some(false) => items = None,
                    None => {}
                }
                if let Some(reply) = answer.reply
                    && socket.send(Message::Text(reply.into())).await.is_err()
                {
                    break;
                }
            }
            pushed = next_item(&mut items) => match pushed {
                Ok(pushed) if pushed.contact_id == contact => {
                    if socket.send(Message::Text(pushed.frame.clone().into())).await.is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(RecvError::Lagged(missed)) => {
                    // The transcript still has them; chatjs can read it.
                    tracing::warn!(missed, "a chat socket fell behind and missed items");
                }
                Err(RecvError::Closed) => break,
            },
            () = stopped(&mut closing) => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

/// Resolves once the server stops (or can no longer say so).
async fn stopped(closing: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is dropped here, not held across the socket's close.
    let _ = closing.wait_for(|closing| *closing).await;
}

/// The next pushed item, or never while unsubscribed.
async fn next_item(
    items: &mut Option<broadcast::Receiver<Arc<Pushed>>>,
) -> Result<Arc<Pushed>, RecvError> {
    match items {
        Some(items) => items.recv().await,
        None => std::future::pending().await,
    }
}
