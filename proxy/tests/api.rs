//! The proxy's HTTP contract, driven in-process with `tower::ServiceExt::oneshot`.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use waitline_proxy::simulator::{QueueConfig, Simulator};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};

const SECRET: &[u8] = b"integration-test-secret-0123456789";

fn state() -> AppState {
    let config = QueueConfig {
        agents: 2,
        arrivals_per_minute: 0.0,
        initial_queue: 3,
        ..QueueConfig::default()
    };
    AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        TokenKey::new(SECRET).unwrap(),
    )
}

async fn send(
    state: &AppState,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, headers, body)
}

async fn create_contact(state: &AppState) -> (String, String) {
    let (status, _, body) = send(
        state,
        Request::post("/v1/demo/contacts")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    (
        body["contactId"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

fn metrics(contact_id: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(format!("/v1/contacts/{contact_id}/metrics"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

fn assert_connect_error(headers: &axum::http::HeaderMap, body: &Value, error_type: &str) {
    assert_eq!(headers["x-amzn-errortype"], error_type);
    assert_eq!(body["__type"], error_type);
    assert!(body["Message"].is_string());
}

#[tokio::test]
async fn demo_contact_reads_its_metrics_in_connects_shape() {
    let state = state();
    let (contact_id, token) = create_contact(&state).await;
    let (status, headers, body) = send(&state, metrics(&contact_id, Some(&token))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(body["Id"], contact_id.as_str());
    assert!(
        body["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/contact/{contact_id}"))
    );
    let results = body["MetricResults"].as_array().unwrap();
    assert_eq!(results[0]["Name"], "POSITION_IN_QUEUE");
    // Three were waiting and two agents are busy: the new contact is fourth.
    assert_eq!(results[0]["Value"]["Number"], 4.0);
    assert_eq!(results[1]["Name"], "ESTIMATED_WAIT_TIME");
    assert!(results[1]["Value"]["Number"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn missing_or_bad_tokens_are_401_without_revealing_the_contact() {
    let state = state();
    let (contact_id, token) = create_contact(&state).await;
    let expired = TokenKey::new(SECRET)
        .unwrap()
        .mint(&contact_id, unix_now() - 1);
    let forged = TokenKey::new(b"some-other-secret-of-32-bytes-or-more")
        .unwrap()
        .mint(&contact_id, unix_now() + 60);
    let unknown = "00000000-0000-4000-8000-000000000000";
    for (id, token) in [
        (contact_id.as_str(), None),
        (contact_id.as_str(), Some("not-a-token")),
        (contact_id.as_str(), Some(expired.as_str())),
        (contact_id.as_str(), Some(forged.as_str())),
        // Same answer for a contact that does not exist: nothing to learn without a token.
        (unknown, None),
        (unknown, Some(forged.as_str())),
    ] {
        let (status, headers, body) = send(&state, metrics(id, token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{id} {token:?}");
        assert_connect_error(&headers, &body, "UnauthorizedException");
    }
    let wrong_scheme = Request::get(format!("/v1/contacts/{contact_id}/metrics"))
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&state, wrong_scheme).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_for_another_contact_is_403() {
    let state = state();
    let (first, _) = create_contact(&state).await;
    let (_, second_token) = create_contact(&state).await;
    let (status, headers, body) = send(&state, metrics(&first, Some(&second_token))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_connect_error(&headers, &body, "AccessDeniedException");
}

#[tokio::test]
async fn invalid_contact_ids_are_400() {
    let state = state();
    for id in ["bad%20id", "semi;colon", &"a".repeat(257)] {
        let (status, headers, body) = send(&state, metrics(id, Some("x"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{id}");
        assert_connect_error(&headers, &body, "InvalidParameterException");
    }
}

#[tokio::test]
async fn a_valid_token_for_an_unknown_contact_is_404() {
    let state = state();
    let id = "00000000-0000-4000-8000-000000000000";
    let token = TokenKey::new(SECRET).unwrap().mint(id, unix_now() + 60);
    let (status, headers, body) = send(&state, metrics(id, Some(&token))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_connect_error(&headers, &body, "ResourceNotFoundException");
}

#[tokio::test]
async fn a_contact_taken_by_an_agent_has_no_metrics() {
    // One agent on 50 ms calls and nobody else waiting: the contact soon reaches the agent.
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: 0.05,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let state = AppState::simulated(
        Arc::new(Simulator::new(config, 1.0)),
        TokenKey::new(SECRET).unwrap(),
    );
    let (contact_id, token) = create_contact(&state).await;
    let mut body = Value::Null;
    for _ in 0..100 {
        let (status, _, b) = send(&state, metrics(&contact_id, Some(&token))).await;
        assert_eq!(status, StatusCode::OK);
        body = b;
        if body["MetricResults"].as_array().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        body["MetricResults"],
        Value::Array(vec![]),
        "the contact never reached the agent"
    );
    assert_eq!(body["Id"], contact_id.as_str());
}

#[tokio::test]
async fn healthz_answers() {
    let (status, _, body) = send(
        &state(),
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}
