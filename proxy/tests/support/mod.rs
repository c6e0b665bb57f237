//! Shared by the proxy's integration tests: a queue that stands still and the simulated Connect
//! API serving it.
// Each test crate compiles this module and uses only part of it.
#![allow(dead_code, clippy::unwrap_used)]

pub mod http;
pub mod redis;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};

use waitline_simulator::connect::{
    ConnectApi, ContactCenter, EndpointStats, ManualClock, QueueConfig, Quota, RunningEndpoint,
    SIMULATED_INSTANCE_ID, Simulator,
};

/// The sales, support and callback queues with one agent each on endless calls, on `clock`:
/// nothing is answered, so the queues hold what the test puts in them.
pub fn idle_center(clock: &ManualClock) -> Arc<Simulator> {
    let clock = clock.clone();
    Arc::new(Simulator::with_clock(
        QueueConfig {
            center: Some(Arc::new(ContactCenter::sales_support_callback(1, 1, 0))),
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            agents_start_busy: true,
            mean_handle_seconds: 1e9,
            ..QueueConfig::default()
        },
        EPOCH,
        move || clock.read(),
    ))
}

/// Nothing moves: one agent on endless calls, so positions stay put during a test.
pub fn still_queue(initial_queue: u32) -> Arc<Simulator> {
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: 1e9,
        arrivals_per_minute: 0.0,
        initial_queue,
        ..QueueConfig::default()
    };
    Arc::new(Simulator::new(config, 1.0))
}

/// The simulated Connect API, serving on a free loopback port until dropped.
pub struct SimulatedConnect {
    pub api: ConnectApi,
    pub running: RunningEndpoint,
}

impl SimulatedConnect {
    pub async fn start(simulator: &Arc<Simulator>, quota: Quota) -> Self {
        let api = ConnectApi::new(Arc::clone(simulator), SIMULATED_INSTANCE_ID, quota);
        let running = api.spawn_on_loopback().await.unwrap();
        Self { api, running }
    }

    pub fn url(&self) -> &str {
        &self.running.url
    }

    pub fn stats(&self) -> EndpointStats {
        self.api.stats()
    }
}

/// Unix time of the simulation's second 0 on a [`ManualClock`]: 2026-11-23T11:35:00Z.
pub const EPOCH: f64 = 1_795_433_700.0;

/// A queue on `clock` with one agent, busy until `busy_until`, on calls that last until the
/// test ends them, and nobody else calling.
pub fn queue_on(clock: &ManualClock, busy_until: f64) -> Arc<Simulator> {
    queue_handling(clock, busy_until, 1e9)
}

/// As [`queue_on`], with calls of `handle_seconds` on average (an estimate a widget can show).
pub fn queue_handling(clock: &ManualClock, busy_until: f64, handle_seconds: f64) -> Arc<Simulator> {
    let clock = clock.clone();
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: handle_seconds,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let simulator = Arc::new(Simulator::with_clock(config, EPOCH, move || clock.read()));
    simulator.update(|queue| queue.occupy_agents_until(busy_until));
    simulator
}

/// Lets `seconds` pass for the proxy's own clock (Tokio's): its caches age, its budgets refill.
/// The simulator keeps its own time.
pub async fn later(seconds: u64) {
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(seconds)).await;
    tokio::time::resume();
}

/// The widget's callback request for contact `id`, with the contact's token if any.
pub fn ask_callback(id: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut request = Request::post(format!("/v1/contacts/{id}/callback"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_owned())).unwrap()
}
