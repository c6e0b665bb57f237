//! Health checks: the public liveness and the operator's health.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;

/// The public liveness check: 200 whenever the process serves, since a replica whose store is
/// away still answers browsers (from its cache, on its share of the budget); a load balancer
/// that replaced it would gain nothing. Nothing else: how the store is doing is the operator's
/// business ([`healthz`], on the operator's listener).
pub async fn liveness() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The operator's health: as [`liveness`], and `degraded` while the shared store is away, with
/// the replicas it sees.
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let Some(shared) = state.store().shared() else {
        return Json(json!({ "status": "ok" }));
    };
    let health = shared.health();
    let (status, mode) = if health.degraded {
        ("degraded", "degraded")
    } else {
        ("ok", "shared")
    };
    Json(json!({
        "status": status,
        "store": { "mode": mode, "replicas": health.replicas_seen },
    }))
}
