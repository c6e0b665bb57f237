//! Health and Prometheus metrics.

use std::fmt::Write;

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::AppState;
use crate::budget::AGE_BUCKETS;

/// Liveness: 200 whenever the process serves, since a replica whose store is away still
/// answers browsers (from its cache, on its share of the budget); a load balancer that
/// replaced it would gain nothing. The body says `degraded` then, for people and alerts.
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

/// Prometheus text exposition of the Connect budget.
pub async fn prometheus(State(state): State<AppState>) -> impl IntoResponse {
    let stats = state.budget.stats();
    let callbacks = state
        .callbacks
        .as_ref()
        .map_or(0, |callbacks| callbacks.created_total());
    let store = state.store().shared().map(|shared| shared.health());
    let mut body = String::new();
    for (name, kind, help, value) in [
        (
            "waitline_connect_calls_total",
            "counter",
            "GetContactMetrics calls made to Connect",
            stats.connect_calls,
        ),
        (
            "waitline_connect_throttles_total",
            "counter",
            "ThrottlingException answers from Connect",
            stats.connect_throttles,
        ),
        (
            "waitline_cache_hits_total",
            "counter",
            "Requests answered from fresh cache",
            stats.cache_hits,
        ),
        (
            "waitline_cache_misses_total",
            "counter",
            "Requests that needed a refresh",
            stats.cache_misses,
        ),
        (
            "waitline_tracked_contacts",
            "gauge",
            "Contacts browsers are polling",
            stats.tracked_contacts,
        ),
        (
            "waitline_refresher_wakeups_total",
            "counter",
            "Times the Connect budget's refresher woke to look for work",
            stats.refresher_wakeups,
        ),
        (
            "waitline_callbacks_created_total",
            "counter",
            "Callbacks created in Connect (StartTaskContact) by this process",
            callbacks,
        ),
        (
            "waitline_shared_cache_hits_total",
            "counter",
            "Refreshes answered by another replica's Connect call through the shared store",
            stats.shared_cache_hits,
        ),
        (
            "waitline_store_degraded",
            "gauge",
            "1 while the shared store is unreachable and this replica runs on its share of the budget",
            store.map_or(0, |h| u64::from(h.degraded)),
        ),
        (
            "waitline_store_errors_total",
            "counter",
            "Shared store calls that failed or timed out",
            store.map_or(0, |h| h.errors),
        ),
        (
            "waitline_store_replicas",
            "gauge",
            "Replicas seen through the shared store's heartbeats, this one included",
            store.map_or(0, |h| u64::from(h.replicas_seen)),
        ),
    ] {
        let _ = writeln!(
            body,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    }
    let ages = &stats.served_age;
    let name = "waitline_served_data_age_seconds";
    let _ = writeln!(
        body,
        "# HELP {name} Age of the data in each answer\n# TYPE {name} histogram"
    );
    for (bound, count) in AGE_BUCKETS.iter().zip(ages.counts) {
        let _ = writeln!(body, "{name}_bucket{{le=\"{bound}\"}} {count}");
    }
    let _ = writeln!(body, "{name}_bucket{{le=\"+Inf\"}} {}", ages.count);
    let _ = writeln!(
        body,
        "{name}_sum {}.{:03}",
        ages.sum_millis / 1000,
        ages.sum_millis % 1000
    );
    let _ = writeln!(body, "{name}_count {}", ages.count);
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}
