//! `CreateParticipantConnection` (`POST /participant/connection`): trades the participant token
//! (the bearer) for a connection token and the WebSocket's URL.
//!
//! Expiries are on the real clock, not the simulated one: chatjs compares them with the
//! browser's `Date.now()` and schedules its refresh by them (one in the past makes it refresh in
//! a loop). The URL is `ws://127.0.0.1:<port>`, whatever name the caller used for the host:
//! chatjs accepts `wss://` or exactly `ws://127.0.0.1:`, never `ws://localhost`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, json};

use super::{ParticipantApi, ParticipantError, call, iso_time, websocket};

/// How long the WebSocket URL is good for: an hour, as chatjs expects to reconnect by then.
const WEBSOCKET_LIFETIME: f64 = 3600.0;
/// How long the connection token is good for: a day, as Connect's are.
const CREDENTIALS_LIFETIME: f64 = 86_400.0;

/// `ConnectParticipant`, an agent's acknowledgement, is accepted and ignored: a customer's
/// connection has nothing to acknowledge.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    r#type: Option<Vec<String>>,
}

pub(super) async fn handle(
    State(api): State<ParticipantApi>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    call(
        &api,
        &headers,
        body,
        "CreateParticipantConnection",
        |api, token, request| answer(api, &headers, token, request),
    )
    .await
}

fn answer(
    api: &ParticipantApi,
    headers: &HeaderMap,
    token: &str,
    request: Request,
) -> Result<Response, ParticipantError> {
    let types = request.r#type.unwrap_or_default();
    if types.is_empty() {
        return Err(validation(
            "Type must list WEBSOCKET, CONNECTION_CREDENTIALS or both",
        ));
    }
    if let Some(other) = types
        .iter()
        .find(|t| !matches!(t.as_str(), "WEBSOCKET" | "CONNECTION_CREDENTIALS"))
    {
        let other: String = other.chars().take(64).collect();
        return Err(validation(&format!("Unsupported connection type: {other}")));
    }
    let connection = api.chats().connect(token)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let mut answer = Map::new();
    if types.iter().any(|t| t == "WEBSOCKET") {
        let url = format!(
            "ws://{}{}?AuthToken={}",
            loopback_host(headers)?,
            websocket::PATH,
            connection.websocket_token
        );
        answer.insert(
            "Websocket".into(),
            json!({ "Url": url, "ConnectionExpiry": iso_time(now + WEBSOCKET_LIFETIME) }),
        );
    }
    if types.iter().any(|t| t == "CONNECTION_CREDENTIALS") {
        answer.insert(
            "ConnectionCredentials".into(),
            json!({
                "ConnectionToken": connection.connection_token,
                "Expiry": iso_time(now + CREDENTIALS_LIFETIME),
            }),
        );
    }
    Ok(Json(answer).into_response())
}

fn validation(message: &str) -> ParticipantError {
    ParticipantError::Validation(message.to_owned())
}

/// The host and port the caller reached this server at, with `localhost` spelled the way chatjs
/// accepts. A host with characters a URL cannot carry is refused rather than echoed.
fn loopback_host(headers: &HeaderMap) -> Result<String, ParticipantError> {
    let host = headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .ok_or_else(|| validation("The Host header is missing or malformed"))?;
    Ok(match host.strip_prefix("localhost") {
        Some(port) if port.is_empty() || port.starts_with(':') => format!("127.0.0.1{port}"),
        _ => host.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn host(value: &str) -> Result<String, ParticipantError> {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_str(value).unwrap());
        loopback_host(&headers)
    }

    #[test]
    fn localhost_becomes_the_loopback_address_chatjs_accepts() {
        assert_eq!(host("localhost:8099").unwrap(), "127.0.0.1:8099");
        assert_eq!(host("localhost").unwrap(), "127.0.0.1");
        assert_eq!(host("127.0.0.1:8099").unwrap(), "127.0.0.1:8099");
        assert_eq!(host("localhost.example:1").unwrap(), "localhost.example:1");
        assert!(host("evil/path?x").is_err());
        assert!(loopback_host(&HeaderMap::new()).is_err());
    }
}
