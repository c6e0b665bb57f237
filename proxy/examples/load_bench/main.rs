//! Load benchmark on loopback (prints figures; asserts nothing): 10,000 simulated waiting
//! contacts, each polled every 5 s by a load generator, against the real app over TCP, first
//! as one process, then as several replicas sharing a real `redis-server`.
//!
//! `cargo run --release -p waitline-proxy --example load_bench -- [seconds] [contacts] [rate] [replicas]`
//!
//! Defaults: 60 s per mode, 10,000 contacts, a Connect budget of 2 calls/s (burst 5), 3
//! replicas; `replicas` 1 runs the single process only.
//!
//! Each mode gets a fresh simulated Connect account (the simulator's Connect API, reached
//! through the AWS SDK as in the default run) whose quota equals the budget, and which counts
//! the calls and throttles itself: any overspend, by one process or by the replicas together,
//! comes back as `ThrottlingException` and is counted. The replicas are in this one process,
//! each its own `AppState` (budget, refresher, cache), store connection, TCP listener and
//! replica ID in the store's heartbeat set (as separate processes have), and each is told
//! `--replicas N`, as a deployment would be; they share only the store and the simulated
//! account. The load generator spreads its connections over the replicas round-robin, as a
//! load balancer spreads connections.
//!
//! Reports, per mode: proxy requests/s and p50/p99 latency per replica and in total, the
//! Connect calls each replica made, the account's calls/s against its ceiling and its
//! throttles, the status mix, and the largest data age by queue position. Without
//! `redis-server` (or `REDIS_SERVER`) it says so and runs the single process only.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

#[path = "../support/cli.rs"]
mod cli;
mod load;
#[path = "../support/replica.rs"]
mod replica;
// The shared-store tests' helper, not a copy of it.
#[allow(dead_code)]
#[path = "../../tests/support/redis.rs"]
mod redis;
mod report;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use waitline_proxy::budget::{Budget, BudgetConfig};
use waitline_proxy::store::SharedStore;
use waitline_proxy::token::TokenKey;
use waitline_proxy::{app, unix_now};
use waitline_simulator::connect::{
    ConnectApi, QueueConfig, Quota, SIMULATED_INSTANCE_ID, Simulator,
};

use crate::report::{Figures, Replica};

const USAGE: &str = "usage: load_bench [seconds] [contacts] [rate] [replicas]
  seconds   how long each mode polls (default 60)
  contacts  simulated waiting contacts, each polled every 5 s (default 10000)
  rate      the Connect budget and the simulated account's quota, calls/s (default 2)
  replicas  replicas sharing a redis-server, measured after the single process (default 3;
            1: the single process only)";

#[derive(Debug, Clone, Copy)]
struct Args {
    seconds: u64,
    contacts: usize,
    rate: f64,
    replicas: usize,
}

impl Args {
    fn parse(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut args = args.peekable();
        if cli::asks_for_help(&mut args) {
            return Err(String::new());
        }
        let parsed = Self {
            seconds: cli::next(
                args.next(),
                "seconds",
                60,
                |s| (1..=86_400).contains(s),
                "whole seconds, 1 to 86400",
            )?,
            contacts: cli::next(
                args.next(),
                "contacts",
                10_000,
                |c| (1..=1_000_000).contains(c),
                "1 to 1000000",
            )?,
            rate: cli::next(
                args.next(),
                "rate",
                2.0,
                |r: &f64| r.is_finite() && *r > 0.0 && *r <= 100_000.0,
                "calls per second, above 0",
            )?,
            replicas: cli::next(
                args.next(),
                "replicas",
                3,
                |r| (1..=16).contains(r),
                "1 to 16",
            )?,
        };
        cli::no_more(args)?;
        Ok(parsed)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match cli::args_or_exit("load_bench", USAGE, Args::parse) {
        Ok(args) => args,
        Err(status) => return status,
    };
    let budget = BudgetConfig {
        rate: args.rate,
        ..BudgetConfig::default()
    };
    eprintln!("single process: polling for {} s", args.seconds);
    let single = match measure(&args, budget, 1, None).await {
        Ok(figures) => figures,
        Err(message) => {
            eprintln!("load_bench: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut modes = vec![single];
    if args.replicas > 1 {
        match redis::RedisServer::spawn() {
            Ok(Some(server)) => {
                eprintln!(
                    "{} replicas sharing {}: polling for {} s",
                    args.replicas,
                    server.url(),
                    args.seconds
                );
                match measure(&args, budget, args.replicas, Some(&server.url())).await {
                    Ok(figures) => modes.push(figures),
                    Err(message) => eprintln!("load_bench: replicas mode: {message}"),
                }
            }
            Ok(None) => eprintln!(
                "load_bench: redis-server not found (apt-get install redis-server, or set \
                 REDIS_SERVER to one): measuring the single process only"
            ),
            Err(message) => eprintln!("load_bench: {message}: measuring the single process only"),
        }
    }
    report::print(&args, budget, &modes);
    ExitCode::SUCCESS
}

/// Serves `replicas` states (sharing the store at `store_url`, if any) against a fresh
/// simulated account, polls them for the run, and stops them.
async fn measure(
    args: &Args,
    budget: BudgetConfig,
    replicas: usize,
    store_url: Option<&str>,
) -> Result<Figures, String> {
    // A busy queue that moves slowly: 200 agents on 10-minute calls.
    let queue = QueueConfig {
        agents: 200,
        mean_handle_seconds: 600.0,
        arrivals_per_minute: 0.0,
        initial_queue: 0,
        ..QueueConfig::default()
    };
    let simulator = Arc::new(Simulator::new(queue, 1.0));
    let key = TokenKey::new(b"load-benchmark-secret-0123456789abcdef").expect("a long secret");
    // Every agent starts mid-call, so these queue at positions 1..=contacts.
    let contacts: Vec<load::Contact> = (0..args.contacts)
        .map(|_| simulator.join())
        .map(|id| {
            let token = key.mint(&id, unix_now() + 3600 + args.seconds);
            (id, token)
        })
        .collect();
    // One account for every replica, counting what they all spend.
    let quota = Quota {
        rate: budget.rate,
        burst: budget.burst,
    };
    let account = ConnectApi::new(simulator, SIMULATED_INSTANCE_ID, quota);
    let endpoint = account
        .spawn_on_loopback()
        .await
        .map_err(|e| format!("cannot serve the simulated Connect API: {e}"))?;

    let mut addresses = Vec::new();
    let mut budgets: Vec<Budget> = Vec::new();
    let mut serving = Vec::new();
    for _ in 0..replicas {
        let state = replica::state(&endpoint.url, &key, budget, store_url, replicas as u32).await?;
        budgets.push(state.budget.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("cannot listen on loopback: {e}"))?;
        addresses.push(listener.local_addr().map_err(|e| e.to_string())?);
        serving.push(tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app(state)).await {
                eprintln!("load_bench: a replica stopped serving: {error}");
            }
        }));
    }

    let run = Duration::from_secs(args.seconds);
    let (tallies, elapsed) = load::poll(&addresses, Arc::new(contacts), run).await;
    let calls = account.stats();
    let replicas = tallies
        .into_iter()
        .zip(&budgets)
        .map(|(tally, budget)| Replica {
            tally,
            budget: budget.stats(),
            store: budget.store().shared().map(SharedStore::health),
        })
        .collect();
    // Stop this mode's replicas (and, with the budgets and endpoint dropped, their refreshers
    // and account) before the next mode starts.
    for task in &serving {
        task.abort();
    }
    drop(endpoint);
    Ok(Figures::new(replicas, calls, elapsed))
}
