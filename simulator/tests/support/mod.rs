//! Shared by the simulator's SDK tests: AWS's own client pointed at the simulator, a clock the
//! test moves, and a quiet simulated instance on it.
// Each test crate compiles this module and uses only part of it.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use aws_sdk_connect::Client;
use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connect::primitives::DateTime;
use aws_sdk_connect::types::{Contact, ContactMetricInfo, ContactMetricName};
use waitline_simulator::connect::{
    ConnectApi, ContactCenter, ManualClock, QueueConfig, Quota, RunningEndpoint,
    SIMULATED_INSTANCE_ID, Simulator,
};

/// 2026-11-23T11:35:00Z: John calls.
pub const ELEVEN_35: f64 = 1_795_433_700.0;

/// An SDK client configured the way any AWS user would point one at another endpoint.
pub fn client(url: &str) -> Client {
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(url)
        .region(Region::from_static("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        ))
        .retry_config(aws_sdk_connect::config::retry::RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

/// A clock the test moves: simulated seconds since 11:35:00.
pub type Clock = ManualClock;

/// A simulator whose time is `clock`, with `agents` agents (or none) and nobody else calling.
pub fn simulator(clock: &Clock, agents: u32) -> Arc<Simulator> {
    let clock = clock.clone();
    Arc::new(Simulator::with_clock(
        QueueConfig {
            agents,
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            mean_handle_seconds: 1e9, // the scenario's hang-up ends the call
            ..QueueConfig::default()
        },
        ELEVEN_35,
        move || clock.read(),
    ))
}

/// As [`simulator`], with the queues and agents of `center` (agents start free).
pub fn center_simulator(clock: &Clock, center: ContactCenter) -> Arc<Simulator> {
    let clock = clock.clone();
    Arc::new(Simulator::with_clock(
        QueueConfig {
            center: Some(Arc::new(center)),
            initial_queue: 0,
            arrivals_per_minute: 0.0,
            agents_start_busy: false,
            mean_handle_seconds: 1e9, // the scenario's hang-up ends the call
            ..QueueConfig::default()
        },
        ELEVEN_35,
        move || clock.read(),
    ))
}

pub async fn serve(simulator: &Arc<Simulator>) -> RunningEndpoint {
    ConnectApi::new(
        Arc::clone(simulator),
        SIMULATED_INSTANCE_ID,
        Quota::default(),
    )
    .spawn_on_loopback()
    .await
    .unwrap()
}

pub async fn describe(endpoint: &RunningEndpoint, id: &str) -> Contact {
    client(&endpoint.url)
        .describe_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(id)
        .send()
        .await
        .unwrap()
        .contact
        .unwrap()
}

/// A time of the morning of the seed's scenario.
pub fn at(hh: u32, mm: u32, ss: u32) -> DateTime {
    let seconds = f64::from((hh * 3600 + mm * 60 + ss) - (11 * 3600 + 35 * 60));
    DateTime::from_secs_f64(ELEVEN_35 + seconds)
}

/// `GetContactMetrics`' position for `contact`, `None` while it has none (out of the queue, or
/// not in it yet).
pub async fn position(client: &Client, contact: &str) -> Option<f64> {
    let output = client
        .get_contact_metrics()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(contact)
        .metrics(
            ContactMetricInfo::builder()
                .name(ContactMetricName::PositionInQueue)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    output
        .metric_results()
        .first()
        .and_then(|result| result.value())
        .and_then(|value| value.as_number().ok())
        .copied()
}

/// `StopContact`, as the agent or the customer hanging up.
pub async fn stop(client: &Client, contact: &str) {
    client
        .stop_contact()
        .instance_id(SIMULATED_INSTANCE_ID)
        .contact_id(contact)
        .send()
        .await
        .unwrap();
}
