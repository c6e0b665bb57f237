//! What open streams cost the proxy: resident memory per stream, and the CPU time one change
//! of the queue costs with every stream open (each customer's place is looked at again, and
//! an event goes to each one whose place moved).
//!
//! `cargo run --release -p waitline-proxy --example stream_capacity -- [streams]`
//!
//! The proxy serves over loopback, its own server loop and limits, one customer per stream in
//! a simulated queue whose agents are all busy; this process also holds the client end of
//! every connection, so it needs two file descriptors per stream (`ulimit -n`). Then the
//! customer at the front hangs up, ten times, one second apart: each time everyone behind
//! moves up one place, which every stream must tell.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Request, header};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::server::{self, ConnectionLimits};
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, StateConfig, app, unix_now};
use waitline_simulator::connect::{QueueConfig, Simulator};

/// Resident memory, from `/proc/self/statm` (Linux); 0 elsewhere.
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// CPU time this process has used, user and system, from `/proc/self/stat` (Linux).
fn cpu_seconds() -> f64 {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            // The fields after the command's closing parenthesis; utime and stime are the
            // 12th and 13th of them.
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // USER_HZ is 100 on Linux.
    ticks as f64 / 100.0
}

#[tokio::main]
async fn main() {
    let streams: usize = std::env::args()
        .nth(1)
        .map_or(Ok(2_000), |n| n.parse())
        .expect("streams: a number");
    let config = QueueConfig {
        agents: 1,
        mean_handle_seconds: 60.0,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let simulator = Arc::new(Simulator::new(config, 1.0));
    // The agent is busy for the whole run: everyone waits, and only hang-ups move the queue.
    simulator.update(|queue| queue.occupy_agents_until(100_000.0));
    let ids: Vec<String> = (0..=streams).map(|_| simulator.join()).collect();
    let budget = BudgetConfig {
        rate: 1_000.0,
        burst: 1_000,
        ..BudgetConfig::default()
    };
    let config = StateConfig {
        client_policy: None,
        max_streams: Some(streams + 10),
        hear_simulated_events: true,
        ..StateConfig::simulated(TokenKey::random().unwrap(), budget)
    };
    let state = AppState::simulated_with(Arc::clone(&simulator), config)
        .await
        .unwrap();
    let tokens = state.tokens.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = ConnectionLimits {
        max_connections: streams + 100,
        per_client: None,
        ..ConnectionLimits::default()
    };
    tokio::spawn(server::serve(
        listener,
        app(state),
        limits,
        std::future::pending(),
    ));

    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let before = resident_bytes();
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel::<usize>();
    // Everyone but the first, whose hang-ups move the others.
    for (n, id) in ids.iter().enumerate().skip(1) {
        let request = Request::get(format!("http://{address}/v1/contacts/{id}/metrics"))
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", tokens.mint(id, unix_now() + 3600)),
            )
            .header(header::ACCEPT, "text/event-stream")
            .body(Empty::new())
            .unwrap();
        let response = client.request(request).await.expect("a stream");
        let events = events.clone();
        tokio::spawn(async move {
            let mut body = response.into_body();
            while let Some(Ok(frame)) = body.frame().await {
                if frame
                    .data_ref()
                    .is_some_and(|data| data.starts_with(b"data:"))
                {
                    let _ = events.send(n);
                }
            }
        });
    }
    let mut first = 0;
    while first < streams {
        received.recv().await;
        first += 1;
    }
    let held = resident_bytes().saturating_sub(before);
    println!(
        "{streams} streams open: resident memory +{:.1} MiB, {:.1} KiB per stream (both ends of each connection)",
        held as f64 / (1024.0 * 1024.0),
        held as f64 / 1024.0 / streams as f64
    );

    for (wave, front) in ids.iter().take(10).enumerate() {
        let cpu = cpu_seconds();
        let started = Instant::now();
        simulator.stop(front).unwrap();
        // The hang-up reaches the proxy as a contact event; every stream behind tells it.
        // Events received until one per stream still waiting behind.
        let mut told = 0;
        while told < streams - wave {
            match tokio::time::timeout(Duration::from_secs(10), received.recv()).await {
                Ok(Some(_)) => told += 1,
                _ => break,
            }
        }
        println!(
            "hang-up {}: {told} streams told in {:.0} ms, {:.0} ms of CPU",
            wave + 1,
            started.elapsed().as_secs_f64() * 1000.0,
            (cpu_seconds() - cpu) * 1000.0
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
