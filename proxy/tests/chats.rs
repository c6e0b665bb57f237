//! `POST /v1/chats`: what a site's start-chat backend answers, through the AWS SDK against the
//! simulated Connect, and the waitline token for the chat's contact.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use waitline_proxy::budget::operations::Operation;
use waitline_proxy::budget::{BudgetConfig, bucket_params};
use waitline_proxy::chat::ChatConfig;
use waitline_proxy::store::{SharedStore, Store};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, StateConfig, app};

mod support;
use support::still_queue;

const SECRET: &[u8] = b"chat-test-secret-0123456789abcdefgh";

async fn state(allowed: &[&str], budget: BudgetConfig) -> AppState {
    state_on(allowed, budget, Store::InProcess).await
}

/// The same, spending Connect's budgets through `store`.
async fn state_on(allowed: &[&str], budget: BudgetConfig, store: Store) -> AppState {
    let chats = ChatConfig {
        allowed_attributes: allowed.iter().map(|&a| a.to_owned()).collect(),
        ..ChatConfig::simulated()
    };
    let config = StateConfig {
        chats: Some(chats),
        store,
        ..StateConfig::simulated(TokenKey::new(SECRET).unwrap(), budget)
    };
    AppState::simulated_with(still_queue(2), config)
        .await
        .unwrap()
}

async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, Value) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, body)
}

fn start(body: &Value) -> Request<Body> {
    Request::post("/v1/chats")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_chat_starts_with_what_chat_clients_expect_and_a_token_for_its_wait() {
    let state = state(&["topic"], BudgetConfig::default()).await;
    let (status, body) = send(
        &state,
        start(&json!({ "displayName": "Ana", "attributes": { "topic": "billing" } })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let result = &body["data"]["startChatResult"];
    let contact = result["ContactId"].as_str().unwrap();
    assert!(
        result["ParticipantId"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        result["ParticipantToken"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert_eq!(body["waitline"]["contactId"], contact);

    // The token reads the chat's place in the simulated queue: behind the two waiting.
    assert_eq!(position(&state, &body).await, Some(json!(3.0)));
}

/// The chat's position, read with the waitline token its answer carries.
async fn position(state: &AppState, started: &Value) -> Option<Value> {
    let contact = started["waitline"]["contactId"].as_str().unwrap();
    let token = started["waitline"]["token"].as_str().unwrap();
    let request = Request::get(format!("/v1/contacts/{contact}/metrics"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let (status, metrics) = send(state, request).await;
    assert_eq!(status, StatusCode::OK, "{metrics}");
    metrics["MetricResults"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["Name"] == "POSITION_IN_QUEUE")
        .map(|m| m["Value"]["Number"].clone())
}

#[tokio::test]
async fn bad_requests_are_400_and_start_nothing() {
    let state = state(&["topic"], BudgetConfig::default()).await;
    let long = "x".repeat(257);
    for body in [
        json!({}),
        json!({ "displayName": "  " }),
        json!({ "displayName": long }),
        json!({ "displayName": "Ana", "unknown": 1 }),
        json!({ "displayName": "Ana", "attributes": { "secret": "x" } }),
        json!({ "displayName": "Ana", "attributes": { "topic": 5 } }),
    ] {
        let (status, answer) = send(&state, start(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {answer}");
        assert_eq!(answer["__type"], "InvalidParameterException", "{answer}");
    }
    // Nothing reached Connect: a chat started now is third in line, behind the two waiting.
    let (status, body) = send(&state, start(&json!({ "displayName": "Ana" }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(position(&state, &body).await, Some(json!(3.0)));
}

#[tokio::test]
async fn beyond_startchatcontacts_budget_the_answer_is_503_with_retry_after() {
    let budget = BudgetConfig {
        rate: 0.01,
        burst: 2,
        ..BudgetConfig::default()
    };
    let state = state(&[], budget).await;
    // A burst of 2 holds one back: one chat, then the budget is spent.
    let (first, _) = send(&state, start(&json!({ "displayName": "Ana" }))).await;
    assert_eq!(first, StatusCode::OK);
    let response = app(state.clone())
        .oneshot(start(&json!({ "displayName": "Bo" })))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn with_amazon_connect_and_no_chat_flow_the_route_is_off() {
    let mut state = state(&[], BudgetConfig::default()).await;
    state.chats = None;
    let (status, body) = send(&state, start(&json!({ "displayName": "Ana" }))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn a_store_away_since_start_refuses_with_429_not_503() {
    // Nothing listens on port 1: the store is away from the start, no replica was ever seen
    // and --replicas is not set, so this replica's share is nothing (any guess could overspend).
    let store = SharedStore::connect(
        "redis://127.0.0.1:1/",
        bucket_params(2.0, 5),
        Operation::all_buckets(),
        None,
    )
    .await
    .unwrap();
    assert!(store.health().degraded);
    let state = state_on(&[], BudgetConfig::default(), Store::Shared(store)).await;
    let response = app(state.clone())
        .oneshot(start(&json!({ "displayName": "Ana" })))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "ThrottlingException"
    );
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=5).contains(&retry),
        "soon, when the store may be back: {retry}"
    );
}
