//! A contact without a position says where it stands (`ContactStage`), so a page never shows
//! "Checking your place in the queue…" for a contact that is with an agent, or has ended.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};
use waitline_simulator::connect::{QueueConfig, Simulator};

const SECRET: &[u8] = b"stage-test-secret-0123456789abcdefgh";

/// One agent, free at the start, on calls that last until the test ends them; contacts spend
/// `flow_seconds` in a flow before they are queued.
async fn world_with_flow(flow_seconds: f64) -> (AppState, Arc<Simulator>, TokenKey) {
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: 1e9,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        agents_start_busy: false,
        flow_seconds,
        ..QueueConfig::default()
    };
    let simulator = Arc::new(Simulator::new(config, 1.0));
    let key = TokenKey::new(SECRET).unwrap();
    let state = AppState::simulated(Arc::clone(&simulator), key.clone(), BudgetConfig::default())
        .await
        .unwrap();
    (state, simulator, key)
}

async fn world() -> (AppState, Arc<Simulator>, TokenKey) {
    world_with_flow(0.0).await
}

async fn metrics(state: &AppState, key: &TokenKey, id: &str) -> (StatusCode, Value) {
    let token = key.mint(id, unix_now() + 600);
    let request = Request::get(format!("/v1/contacts/{id}/metrics"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_contact_without_a_position_says_where_it_stands() {
    let (state, simulator, key) = world().await;
    let with_agent = simulator.join();
    let queued = simulator.join();
    let ended = simulator.join();
    simulator.stop(&ended).unwrap();

    let (status, body) = metrics(&state, &key, &with_agent).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ContactStage"], "WITH_AGENT", "{body}");
    assert_eq!(body["MetricResults"], serde_json::json!([]));

    let (status, body) = metrics(&state, &key, &ended).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ContactStage"], "ENDED", "{body}");

    let (status, body) = metrics(&state, &key, &queued).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["MetricResults"][0]["Value"]["Number"], 1.0, "{body}");
    assert!(body.get("ContactStage").is_none(), "{body}");
}

#[tokio::test]
async fn an_agent_or_an_end_is_read_once() {
    let (state, simulator, key) = world().await;
    let with_agent = simulator.join();
    let (_, first) = metrics(&state, &key, &with_agent).await;
    assert_eq!(first["ContactStage"], "WITH_AGENT");
    assert_eq!(state.stages.calls(), 1);
    for _ in 0..3 {
        let (_, again) = metrics(&state, &key, &with_agent).await;
        assert_eq!(again["ContactStage"], "WITH_AGENT");
    }
    assert_eq!(
        state.stages.calls(),
        1,
        "a contact with an agent is described once"
    );
    assert_eq!(state.stages.remembered(), 1);
}

#[tokio::test]
async fn a_contact_still_in_its_flow_says_so_until_it_is_queued() {
    let (state, simulator, key) = world_with_flow(3600.0).await;
    let id = simulator.join();
    let (status, body) = metrics(&state, &key, &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ContactStage"], "IN_FLOW", "{body}");
    assert_eq!(state.stages.calls(), 1);
    // Within its window the reading stands; the widget's polls cost no DescribeContact.
    let (_, again) = metrics(&state, &key, &id).await;
    assert_eq!(again["ContactStage"], "IN_FLOW");
    assert_eq!(state.stages.calls(), 1);
}
