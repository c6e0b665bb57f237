//! Load benchmark on loopback (prints figures; asserts nothing): 10,000 simulated waiting
//! contacts, each polled every 5 s by a load generator, against the real app over TCP.
//! Connect is the simulator's Connect API reached through the AWS SDK, as in the default run.
//! Reports proxy requests/s, p50/p99 latency, Connect calls/s against the budget, the status
//! mix, and the largest data age by queue position.
//!
//! `cargo run --release -p waitline-proxy --example load_bench -- [seconds] [contacts] [rate]`
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use waitline_proxy::budget::BudgetConfig;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{AppState, app, unix_now};
use waitline_simulator::connect::{QueueConfig, Simulator};

const POLL_EVERY: Duration = Duration::from_secs(5);
const CONNECTIONS: usize = 500;

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    /// Largest `Age` seen per position bucket, and answers per bucket.
    max_age: BTreeMap<&'static str, (u64, u64)>,
    /// The same over the second half of the run, once the first sweep is done.
    max_age_late: BTreeMap<&'static str, (u64, u64)>,
}

fn bucket(position: u32) -> &'static str {
    match position {
        1..=3 => "1-3",
        4..=10 => "4-10",
        11..=100 => "11-100",
        101..=1000 => "101-1000",
        _ => "1001+",
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let contacts: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let rate: f64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2.0);

    // A busy queue that moves slowly: 200 agents on 10-minute calls.
    let queue = QueueConfig {
        agents: 200,
        mean_handle_seconds: 600.0,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let simulator = Arc::new(Simulator::new(queue, 1.0));
    let key = TokenKey::new(b"load-benchmark-secret-0123456789abcdef").unwrap();
    // Every agent starts mid-call, so these queue at positions 1..=contacts.
    let ids: Vec<(String, String)> = (0..contacts)
        .map(|_| simulator.join())
        .map(|id| {
            let token = key.mint(&id, unix_now() + 3600);
            (id, token)
        })
        .collect();
    let budget = BudgetConfig {
        rate,
        ..BudgetConfig::default()
    };
    let mut state = AppState::simulated(simulator, key, budget).await.unwrap();
    // One load generator stands for 10,000 browsers: the per-client limit would see one client.
    state.client_limit = None;
    let stats = state.budget.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });

    println!(
        "{contacts} contacts, each polled every {} s over {CONNECTIONS} connections, for {seconds} s; Connect budget {rate}/s",
        POLL_EVERY.as_secs()
    );
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let ids = Arc::new(ids);
    let mut workers = Vec::new();
    for worker in 0..CONNECTIONS {
        let ids = Arc::clone(&ids);
        let tally = Arc::clone(&tally);
        workers.push(tokio::spawn(async move {
            let mine: Vec<usize> = (worker..ids.len()).step_by(CONNECTIONS).collect();
            let spacing = POLL_EVERY / mine.len().max(1) as u32;
            let mut stream = TcpStream::connect(address).await.unwrap();
            let mut n: u32 = 0;
            loop {
                let due = started + spacing * n + Duration::from_millis((worker * 7) as u64);
                if due > deadline || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
                let (id, token) = &ids[mine[n as usize % mine.len()]];
                let sent = Instant::now();
                let request = format!("GET /v1/contacts/{id}/metrics HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\r\n");
                stream.write_all(request.as_bytes()).await.unwrap();
                let (status, age, body) = read_response(&mut stream).await;
                let elapsed = sent.elapsed().as_micros() as u64;
                let mut t = tally.lock().await;
                t.latencies_us.push(elapsed);
                *t.statuses.entry(status).or_default() += 1;
                if status == 200
                    && let Some(position) = position(&body)
                {
                    let record = |map: &mut BTreeMap<&'static str, (u64, u64)>| {
                        let entry = map.entry(bucket(position)).or_default();
                        entry.0 = entry.0.max(age.unwrap_or(0));
                        entry.1 += 1;
                    };
                    record(&mut t.max_age);
                    if sent > started + Duration::from_secs(seconds / 2) {
                        record(&mut t.max_age_late);
                    }
                }
                n += 1;
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut t = tally.lock().await;
    t.latencies_us.sort_unstable();
    let pct =
        |p: f64| t.latencies_us[((t.latencies_us.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
    let s = stats.stats();
    println!(
        "proxy requests/s: {:.0} ({} requests)",
        t.latencies_us.len() as f64 / elapsed,
        t.latencies_us.len()
    );
    println!("latency: p50 {:.2} ms, p99 {:.2} ms", pct(0.50), pct(0.99));
    println!(
        "Connect calls/s: {:.2} ({} calls; budget {rate}/s, burst 5; {} ThrottlingException from the simulated account, whose quota equals the budget)",
        s.connect_calls as f64 / elapsed,
        s.connect_calls,
        s.connect_throttles
    );
    println!(
        "statuses: {}",
        t.statuses
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("largest data age by position (200 answers): whole run | second half");
    for (name, (age, count)) in &t.max_age {
        let (late_age, late_count) = t.max_age_late.get(name).copied().unwrap_or_default();
        println!(
            "  {name:>9}: {age:>4} s over {count:>6} answers | {late_age:>4} s over {late_count:>6}"
        );
    }
}

/// Reads one HTTP/1.1 response with a Content-Length body: (status, Age, body).
async fn read_response(stream: &mut TcpStream) -> (u16, Option<u64>, Vec<u8>) {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let length = header("content-length:").unwrap_or(0) as usize;
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "connection closed");
        buffer.extend_from_slice(&chunk[..read]);
    }
    (
        status,
        header("age:"),
        buffer[head_end..head_end + length].to_vec(),
    )
}

fn position(body: &[u8]) -> Option<u32> {
    let response: waitline_core::GetContactMetricsResponse = serde_json::from_slice(body).ok()?;
    response.position()
}
