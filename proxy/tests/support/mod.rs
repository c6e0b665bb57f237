//! Shared by the proxy's integration tests: a queue that stands still and the simulated Connect
//! API serving it.
// Each test crate compiles this module and uses only part of it.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use waitline_simulator::connect::{
    ConnectApi, EndpointStats, QueueConfig, Quota, RunningEndpoint, SIMULATED_INSTANCE_ID,
    Simulator,
};

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
